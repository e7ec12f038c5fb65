"""Mill ``VectorBlock``\\ s to Arrow record batches and back, vectorised with numpy.

Decoding walks the protobuf wire bytes directly (no protobuf messages for the values);
encoding writes them directly. Type mapping: :mod:`mill_client.types`.
"""

from __future__ import annotations

from mill_client.vectors.decode import decode_block, decode_block_message, decode_response
from mill_client.vectors.encode import encode_block, encode_response

__all__ = [
    "decode_block",
    "decode_block_message",
    "decode_response",
    "encode_block",
    "encode_response",
]
