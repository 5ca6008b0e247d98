#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the black-box tests.

Every accepted message is stored in --dir as NNNNNNNN.eml (the bytes received after DATA,
unchanged), next to NNNNNNNN.envelope.json ({"mail_from", "rcpt_tos", "peer", "helo"}), which
is written first. Both are written under a temporary dot-name and renamed, so a reader that
sees an .eml sees it whole, with its envelope. Names sort in arrival order.

Prints "READY <port>" on stdout once it listens. Exits with status 0 on SIGTERM or SIGINT.

--stall-first SECONDS
    The first message is received, then held that long before it is stored or answered. It is
    never stored: if the client is still connected after the stall it is answered 451 (a
    transient failure, so a well-behaved sender retries). If the client goes away during the
    stall, the transaction is dropped. Meant for killing the sender in the middle of a send.
--store-then-stall-first SECONDS
    The first message is stored, then its 250 reply is held that long: the message reached the
    server but the sender does not see that it did.

While a stall lasts the file "stall-started" exists in --dir; "stall-ended" is created when it
is over (or was cut short because the client went away).
"""

import argparse
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


def write_atomically(directory, name, data):
    tmp = os.path.join(directory, f".{name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, os.path.join(directory, name))


def touch(directory, name):
    write_atomically(directory, name, b"")


class Sink:
    def __init__(self, directory, stall_first, store_then_stall_first):
        self.directory = directory
        self.stall_first = stall_first
        self.store_then_stall_first = store_then_stall_first
        self.transactions = 0
        self.stored = 0

    def store(self, session, envelope):
        self.stored += 1
        stem = f"{self.stored:08d}"
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "peer": list(session.peer) if session.peer else None,
            "helo": session.host_name,
        }
        write_atomically(self.directory, f"{stem}.envelope.json", json.dumps(meta).encode())
        content = envelope.original_content
        if content is None:
            content = envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        write_atomically(self.directory, f"{stem}.eml", content)

    async def handle_DATA(self, server, session, envelope):
        self.transactions += 1
        first = self.transactions == 1
        if first and self.stall_first is not None:
            touch(self.directory, "stall-started")
            try:
                await asyncio.sleep(self.stall_first)
            finally:
                # Also when the client went away: aiosmtpd then cancels this coroutine.
                touch(self.directory, "stall-ended")
            return "451 4.3.0 Stalled transaction discarded, try again"
        self.store(session, envelope)
        if first and self.store_then_stall_first is not None:
            touch(self.directory, "stall-started")
            try:
                await asyncio.sleep(self.store_then_stall_first)
            finally:
                touch(self.directory, "stall-ended")
        return "250 2.0.0 Message accepted for delivery"


async def serve(args):
    loop = asyncio.get_running_loop()
    sink = Sink(args.dir, args.stall_first, args.store_then_stall_first)

    def protocol():
        # An explicit hostname: aiosmtpd would otherwise ask DNS for the FQDN.
        return SMTP(
            sink,
            hostname="ipt-test-smtp-sink",
            ident="ipt-test-smtp-sink",
            enable_SMTPUTF8=True,
            loop=loop,
        )

    server = await loop.create_server(protocol, host="127.0.0.1", port=args.port)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()
    # Not wait_closed(): on newer Pythons it waits for every connection, stalled ones too.


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--dir", required=True, help="folder for the received messages")
    stalls = parser.add_mutually_exclusive_group()
    stalls.add_argument("--stall-first", type=float, metavar="SECONDS")
    stalls.add_argument("--store-then-stall-first", type=float, metavar="SECONDS")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
