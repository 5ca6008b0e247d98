#!/usr/bin/env python3
"""A Standard Webhooks receiver on 127.0.0.1 for the black-box tests.

Every POST (any path) is checked with the reference library,
standardwebhooks.Webhook(secret).verify(body, headers), and recorded in --dir as NNNNNNNN.json:

    {"verified": bool, "id": webhook-id, "timestamp": webhook-timestamp,
     "body": parsed JSON body or null, "error": str or null,
     "status": the status answered, "path": request path, "headers": {lower-case name: value}}

written under a temporary dot-name and renamed; names sort in arrival order. The answer is 204
when verified and 401 when not, except that with --fail-first N the first N requests (verified
or not) are answered 503.

Note that the reference library also rejects a webhook-timestamp more than 5 minutes away from
this machine's real clock.

Prints "READY <port>" on stdout once it listens. Exits with status 0 on SIGTERM or SIGINT.
"""

import argparse
import json
import os
import signal
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


def write_atomically(directory, name, data):
    tmp = os.path.join(directory, f".{name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(directory, name))


class Receiver:
    def __init__(self, secret, directory, fail_first):
        self.webhook = Webhook(secret)
        self.directory = directory
        self.fail_first = fail_first
        self.lock = threading.Lock()
        self.count = 0


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        # HTTPServer.server_bind asks DNS for the FQDN; nothing here needs it.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ipt-test-webhook-receiver"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def read_body(self):
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers, up to the empty line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status):
        self.send_response(status)
        if status != 204:
            self.send_header("content-length", "0")
        self.end_headers()

    def do_POST(self):
        receiver = self.server.receiver
        body = self.read_body()
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified, error = False, None
        try:
            receiver.webhook.verify(body, headers)
            verified = True
        except Exception as e:  # the library raises more than WebhookVerificationError
            error = f"{type(e).__name__}: {e}"
        try:
            parsed = json.loads(body)
        except Exception:
            parsed = None
        # Numbered and written under one lock, so that files appear in the order of their names.
        with receiver.lock:
            receiver.count += 1
            number = receiver.count
            if number <= receiver.fail_first:
                status = 503
            else:
                status = 204 if verified else 401
            record = {
                "verified": verified,
                "id": headers.get("webhook-id"),
                "timestamp": headers.get("webhook-timestamp"),
                "body": parsed,
                "error": error,
                "status": status,
                "path": self.path,
                "headers": headers,
            }
            write_atomically(receiver.directory, f"{number:08d}.json", json.dumps(record).encode())
        self.answer(status)

    def do_GET(self):
        self.close_connection = True
        self.answer(405)

    do_PUT = do_PATCH = do_DELETE = do_GET


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--secret", required=True, help="whsec_<base64 key>")
    parser.add_argument("--dir", required=True, help="folder for the received requests")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    server = Server(("127.0.0.1", args.port), Handler)
    server.receiver = Receiver(args.secret, args.dir, args.fail_first)

    def stop(signum, frame):
        # shutdown() waits for serve_forever(), which runs on this (the main) thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
