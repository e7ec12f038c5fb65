"""Loading a PEM certificate chain and key held in memory into an ``ssl.SSLContext``."""

from __future__ import annotations

import os
import ssl
import tempfile

__all__ = ["load_cert_chain"]


def load_cert_chain(context: ssl.SSLContext, cert_chain: bytes, private_key: bytes) -> None:
    """Load a PEM certificate chain and its private key into ``context``.

    The ssl module reads chains from files only, so both are written for the call into a
    private temporary directory (mode 0600) that is removed straight after.

    Raises:
        ssl.SSLError: The certificate or key is not valid PEM, or they do not match.
    """
    with tempfile.TemporaryDirectory(prefix="mill-tls-") as folder:
        cert = os.path.join(folder, "cert.pem")
        key = os.path.join(folder, "key.pem")
        for path, data in ((cert, cert_chain), (key, private_key)):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
        context.load_cert_chain(cert, key)
