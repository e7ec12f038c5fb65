"""Transports to a Mill server: gRPC (:mod:`.grpc`) and HTTP jet (:mod:`.http`)."""
