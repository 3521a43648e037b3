#!/usr/bin/python3
"""An SMTP sink for the mail tests (Debian's python3-aiosmtpd).

Accepts every message and writes it, exactly as received, to DIR/NNNN.eml,
with its envelope in DIR/NNNN.json; the message is on disk before the
server answers 250, so a test that saw the send succeed can read it at once.
Prints "listening on PORT" once it accepts connections (--port 0 picks a
free port). --tls offers STARTTLS with a fresh self-signed certificate for
"localhost" (made by the openssl command); --auth USER:PASSWORD insists on
SMTP AUTH with exactly those credentials.
"""
import argparse
import asyncio
import json
import logging
import os
import socket
import ssl
import subprocess

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        print("received %s" % base, flush=True)
        return "250 OK"


async def main():
    # Refused handshakes and logins are what some tests are about: no traces.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--auth", default="")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    options = {"hostname": "sink.test", "enable_SMTPUTF8": True}
    if args.tls:
        key, cert = os.path.join(args.dir, "key.pem"), os.path.join(args.dir, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "1", "-subj", "/CN=localhost"],
                       check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options["tls_context"] = context
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and data.login == user.encode()
                  and data.password == password.encode())
            return AuthResult(success=ok, handled=False)

        options.update(auth_required=True, auth_require_tls=False, authenticator=authenticate)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    handler = Handler(args.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, **options), sock=sock)
    print("listening on %d" % sock.getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
