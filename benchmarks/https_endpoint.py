"""A local https endpoint for the start-up benchmark, so that every client pays for TLS as it
would against AWS.

Against a plain-http URL, boto3 never loads a CA bundle, while ``httpx.Client()`` loads one
whatever the URL: comparing them there charges httpx-based clients for TLS and boto3 not.
Here a throwaway certificate for 127.0.0.1 is appended to certifi's bundle, and the clients
are pointed at that bundle (``SSL_CERT_FILE`` for httpx, ``AWS_CA_BUNDLE`` for boto3), so each
loads the full bundle and verifies the server as it would a real one.

Needs the ``openssl`` command.
"""

from __future__ import annotations

import http.server
import json
import ssl
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import certifi

ANSWER = json.dumps(
    {"Results": [{"Id": "q", "Timestamps": [1767225600], "Values": [1]}], "Errors": []}
).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def log_message(self, format: str, *args: object) -> None:
        return  # quiet: the benchmark prints its own table


def _certificate(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
    command += " -addext subjectAltName=IP:127.0.0.1"
    subprocess.run(
        [*command.split(), "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True
    )
    return key, cert


@contextmanager
def local_https_endpoint() -> Iterator[tuple[str, dict[str, str]]]:
    """(URL, environment for the clients' processes) of an https server answering every POST
    with a one-point ``BatchGetMetricData`` result."""
    with tempfile.TemporaryDirectory() as folder:
        key, cert = _certificate(Path(folder))
        bundle = Path(folder) / "bundle.pem"
        bundle.write_bytes(Path(certifi.where()).read_bytes() + b"\n" + cert.read_bytes())
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"https://127.0.0.1:{server.server_address[1]}"
            yield url, {"SSL_CERT_FILE": str(bundle), "AWS_CA_BUNDLE": str(bundle)}
        finally:
            server.shutdown()
            server.server_close()
