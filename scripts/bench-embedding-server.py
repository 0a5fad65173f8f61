#!/usr/bin/env python3
"""A stand-in for a fast (GPU) embedding server, for benchmarks only.

It speaks the OpenAI-compatible API (POST /v1/embeddings) and answers at once with a pseudo-random vector per text
(seeded by the text, so the same text always gets the same vector). The vectors mean nothing: search results are
noise. What it measures is codebase-mcp's own cost of filling in vectors when the model costs nothing, i.e. the
pipeline's ceiling with a remote server:

    python3 scripts/bench-embedding-server.py 18181 &
    OPENAI_BASE_URL=http://127.0.0.1:18181/v1 EMBEDDING_MODEL=stand-in \
        java -jar target/codebase-mcp.jar bench DIR --embedder openai

It runs on the same machine as the bench, so it takes some of its CPU (a few ms per request of 32 texts). Uses numpy
when present (faster), else the standard library. Stop it with Ctrl-C or kill.

An optional second argument, milliseconds, makes every request take at least that long (sleeping, so without using
CPU), like a GPU server that needs that long per batch but runs concurrent requests side by side:
`bench-embedding-server.py 18181 32` serves 1,000 texts/s to one client sending requests of 32 one after another.
"""
import hashlib
import http.server
import json
import random
import sys
import time

DIMENSION = 384
DELAY_SECONDS = 0.0

try:
    import numpy

    def vector(seed):
        return numpy.random.default_rng(seed).standard_normal(DIMENSION, dtype=numpy.float32).tolist()
except ImportError:
    def vector(seed):
        rnd = random.Random(seed)
        return [rnd.gauss(0.0, 1.0) for _ in range(DIMENSION)]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without it the headers and the body go out as two small writes and the client's delayed ACK adds ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        if self.path.rstrip("/") != "/v1/embeddings":
            self.reply(404, {"error": {"message": "only POST /v1/embeddings is served"}})
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        except (ValueError, KeyError, TypeError) as e:
            self.reply(400, {"error": {"message": "bad request: %s" % e}})
            return
        started = time.monotonic()
        data = []
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(str(text).encode(), digest_size=8).digest(), "little")
            data.append('{"object":"embedding","index":%d,"embedding":[%s]}'
                        % (i, ",".join("%.4f" % x for x in vector(seed))))
        left = DELAY_SECONDS - (time.monotonic() - started)
        if left > 0:
            time.sleep(left)
        self.send(200, '{"object":"list","model":"stand-in","data":[' + ",".join(data) + "]}")

    def reply(self, status, obj):
        self.send(status, json.dumps(obj))

    def send(self, status, text):
        out = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18181
    DELAY_SECONDS = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("stand-in embedding server on http://127.0.0.1:%d/v1 (%d dimensions, at least %.0f ms a request)"
          % (port, DIMENSION, DELAY_SECONDS * 1000), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
