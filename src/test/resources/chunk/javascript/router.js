// Tiny HTTP router used by the admin console.
import { createServer } from "node:http";
import { parse } from "node:url";

const DEFAULT_PORT = 8080;
const routes = [];

/**
 * Registers a handler for a method and a path pattern such as "/users/:id".
 * @param {string} method HTTP method
 * @param {string} pattern path pattern
 * @param {Function} handler called with (req, res, params)
 */
export function route(method, pattern, handler) {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (_, key) => {
    keys.push(key);
    return "([^/]+)";
  });
  routes.push({ method, regex: new RegExp(`^${source}$`), keys, handler });
}

/** Reads the whole request body as a string. */
const readBody = (req) =>
  new Promise((resolve, reject) => {
    let data = "";
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

/**
 * Dispatches requests to the registered routes and renders errors.
 */
export class Router {
  constructor(options = {}) {
    this.port = options.port ?? DEFAULT_PORT;
    this.logger = options.logger ?? console;
    this.allowedOrigins = options.allowedOrigins ?? [];
    this.requests = 0;
  }

  /** Finds the route for a request, or null. */
  match(method, path) {
    for (const r of routes) {
      const m = r.method === method && r.regex.exec(path);
      if (m) {
        return { route: r, params: Object.fromEntries(r.keys.map((k, i) => [k, m[i + 1]])) };
      }
    }
    return null;
  }

  /**
   * Handles one request: parses it, finds the route, runs the handler and
   * turns every failure into a JSON error response.
   */
  async handle(req, res) {
    this.requests += 1;
    const started = Date.now();
    const { pathname, query } = parse(req.url, true);
    const origin = req.headers.origin;
    if (origin && this.allowedOrigins?.includes(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("vary", "origin");
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-methods": "GET,POST,PUT,PATCH,DELETE" });
      res.end();
      return;
    }
    const found = this.match(req.method, pathname);
    if (!found) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `no route for ${req.method} ${pathname}` }));
      return;
    }

    let body = null;
    if (req.method === "POST" || req.method === "PUT" || req.method === "PATCH") {
      const text = await readBody(req);
      const type = req.headers["content-type"] ?? "";
      if (type.startsWith("application/json")) {
        try {
          body = JSON.parse(text);
        } catch (err) {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "request body is not valid JSON", detail: err.message }));
          return;
        }
      } else if (type.startsWith("application/x-www-form-urlencoded")) {
        body = Object.fromEntries(new URLSearchParams(text));
      } else if (text.length > 0) {
        res.writeHead(415, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `unsupported content type ${type}` }));
        return;
      }
    }

    try {
      const result = await found.route.handler({ params: found.params, query, body, headers: req.headers });
      const status = result?.status ?? 200;
      const payload = result?.body ?? result ?? {};
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    } catch (err) {
      const status = err.status ?? 500;
      if (status >= 500) {
        this.logger.error(`handler for ${req.method} ${pathname} failed`, err);
      }
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: err.expose ? err.message : "internal error" }));
    } finally {
      const elapsed = Date.now() - started;
      if (elapsed > 1000) {
        this.logger.warn(`slow request: ${req.method} ${pathname} took ${elapsed} ms`);
      }
      this.logger.info(`${req.method} ${pathname} ${res.statusCode} ${elapsed}ms`);
    }
  }

  listen() {
    const server = createServer((req, res) => this.handle(req, res));
    server.listen(this.port, () => this.logger.info(`listening on ${this.port}`));
    return server;
  }
}

route("GET", "/health", () => ({ ok: true }));
route("GET", "/users/:id", ({ params }) => ({ id: params.id }));

if (process.env.NODE_ENV !== "test") {
  new Router({ port: Number(process.env.PORT) || DEFAULT_PORT }).listen();
}
