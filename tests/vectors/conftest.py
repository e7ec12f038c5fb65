"""Fixtures of the vector tests."""

from __future__ import annotations

import pytest

from mill_client.vectors import decode


@pytest.fixture(params=[False, True], ids=["numpy-integers", "protobuf-integers"])
def integer_path(request, monkeypatch):
    """Run a test with each way of decoding integer vectors.

    The installed protobuf picks one (see ``decode.PROTOBUF_ARRAYS``); both must give the
    same results and errors whichever protobuf is installed.
    """
    monkeypatch.setattr(decode, "PROTOBUF_ARRAYS", request.param)
    return request.param
