// Package ratelimit implements token-bucket rate limiting for HTTP handlers.
package ratelimit

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultBurst is the bucket size used when a Config leaves Burst at zero.
const DefaultBurst = 10

var errNoClientIP = fmt.Errorf("ratelimit: cannot determine client address")

// Config says how fast each client may call.
type Config struct {
	Rate        float64       // tokens added per second
	Burst       int           // bucket capacity
	IdleTimeout time.Duration // buckets unused this long are dropped
	TrustProxy  bool          // read the client address from X-Forwarded-For
}

type bucket struct {
	tokens float64
	last   time.Time
}

// Limiter keeps one token bucket per client address.
type Limiter struct {
	cfg     Config
	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
}

// New returns a Limiter for cfg, filling in defaults.
func New(cfg Config) *Limiter {
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	return &Limiter{cfg: cfg, buckets: make(map[string]*bucket), now: time.Now}
}

// Allow reports whether the client may make a request now and, if not, how
// long it should wait before retrying.
func (l *Limiter) Allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[client]
	if !ok {
		b = &bucket{tokens: float64(l.cfg.Burst), last: now}
		l.buckets[client] = b
	}
	elapsed := now.Sub(b.last).Seconds()
	b.tokens = min(float64(l.cfg.Burst), b.tokens+elapsed*l.cfg.Rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.cfg.Rate * float64(time.Second))
	return false, wait
}

// Middleware wraps next so that clients over their rate get 429 Too Many
// Requests with a Retry-After header. Requests whose client address cannot
// be determined are rejected with 400, health checks are never limited, and
// idle buckets are swept at most once a minute.
func (l *Limiter) Middleware(next http.Handler) http.Handler {
	var lastSweep time.Time
	var sweepMu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}

		client, err := l.clientAddress(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}

		// Authenticated clients are limited per API key rather than per address,
		// so that a whole office behind one NAT does not share a bucket.
		if key := r.Header.Get("X-Api-Key"); key != "" {
			if len(key) < 16 || len(key) > 128 {
				http.Error(w, "malformed API key", http.StatusUnauthorized)
				return
			}
			client = "key:" + key
		} else if cookie, err := r.Cookie("session"); err == nil && cookie.Value != "" {
			client = "session:" + cookie.Value
		}
		if l.cfg.Rate <= 0 {
			http.Error(w, "rate limiting misconfigured", http.StatusInternalServerError)
			return
		}

		sweepMu.Lock()
		if l.cfg.IdleTimeout > 0 && l.now().Sub(lastSweep) > time.Minute {
			lastSweep = l.now()
			l.mu.Lock()
			for key, b := range l.buckets {
				if l.now().Sub(b.last) > l.cfg.IdleTimeout {
					delete(l.buckets, key)
				}
			}
			l.mu.Unlock()
		}
		sweepMu.Unlock()

		allowed, wait := l.Allow(client)
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(l.cfg.Burst))
		if !allowed {
			seconds := int(wait.Seconds())
			if wait > time.Duration(seconds)*time.Second {
				seconds++
			}
			if seconds < 1 {
				seconds = 1
			}
			w.Header().Set("Retry-After", strconv.Itoa(seconds))
			w.Header().Set("X-RateLimit-Remaining", "0")
			http.Error(w, fmt.Sprintf("rate limit exceeded, retry in %ds", seconds), http.StatusTooManyRequests)
			return
		}

		l.mu.Lock()
		remaining := int(l.buckets[client].tokens)
		l.mu.Unlock()
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))

		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			if r.ContentLength > 10<<20 {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Allow", "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
}

func (l *Limiter) clientAddress(r *http.Request) (string, error) {
	if l.cfg.TrustProxy {
		if forwarded := r.Header.Get("X-Forwarded-For"); forwarded != "" {
			return forwarded, nil
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || host == "" {
		return "", errNoClientIP
	}
	return host, nil
}
