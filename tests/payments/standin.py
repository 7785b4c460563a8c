"""A local stand-in for the Stripe API on loopback, and webhook events signed like Stripe's.

The site's real `stripe` library talks to it over HTTP (settings.STRIPE_API_BASE), so the
tests exercise the library's requests, idempotency keys and error handling unchanged.
It also serves a minimal "hosted checkout" page for the browser tests: paying there
completes the session, posts the signed webhook to the site and sends the browser to
the success URL, as Stripe does.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

from tests import loopback

WEBHOOK_SECRET = "whsec_test_standin_secret"
SECRET_KEY = "sk_test_standin"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}"


def sign(payload: str, secret: str = WEBHOOK_SECRET, *, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for this payload: t=<unix time>,v1=<HMAC-SHA256 hex>."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "type": event_type,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": obj},
    }


def nested(form: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) back into dicts; lists stay dicts by index."""
    out: dict = {}
    for key, value in form:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class StripeStandIn:
    """What the site asked of "Stripe", and the objects it holds."""

    def __init__(self):
        self.requests: list[dict] = []
        self.sessions: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.by_key: dict[str, dict] = {}
        # HTTP statuses (or (status, message) pairs) to answer the next API calls with.
        self.fail_next: list[int | tuple[int, str]] = []
        # Sessions the client pays just as the site asks to expire them (the last second).
        self.pay_before_expire: set[str] = set()
        # Off: the hosted page takes the payment but no webhook ever reaches the site.
        self.deliver_webhooks = True
        self.webhook_url = ""
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = None

    def start(self):
        self.thread = loopback.serve(self.server)
        return self

    def stop(self):
        loopback.stop(self.server, self.thread)

    # --- What tests do as "Stripe" ------------------------------------------------------

    def calls(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def complete(self, session_id: str, *, payment_status: str = "paid") -> dict:
        """The client paid on Checkout: the session is complete with a PaymentIntent."""
        with self.lock:
            session = self.sessions[session_id]
            session["status"] = "complete"
            session["payment_status"] = payment_status
            session["payment_intent"] = session["payment_intent"] or new_id("pi")
            return dict(session)

    def charge_for(self, session_id: str, *, refunded: int | None = None) -> dict:
        session = self.sessions[session_id]
        amount = session["amount_total"]
        refund_list = [
            r for r in self.refunds.values() if r["payment_intent"] == session["payment_intent"]
        ]
        return {
            "id": "ch_" + session["payment_intent"][3:],
            "object": "charge",
            "amount": amount,
            "amount_refunded": amount if refunded is None else refunded,
            "currency": session["currency"],
            "payment_intent": session["payment_intent"],
            "metadata": session["metadata"],
            "refunded": True,
            "refunds": {"object": "list", "data": refund_list},
        }

    def payment_failed(self, session_id: str, message="Your card was declined.") -> dict:
        session = self.sessions[session_id]
        return {
            "id": session["payment_intent"] or new_id("pi"),
            "object": "payment_intent",
            "amount": session["amount_total"],
            "currency": session["currency"],
            "metadata": session["metadata"],
            "status": "requires_payment_method",
            "last_payment_error": {"code": "card_declined", "message": message},
        }

    def post_webhook(self, body: dict | str, *, secret: str = WEBHOOK_SECRET, header=None):
        """POST an event to the site like Stripe does; returns (status, text)."""
        payload = body if isinstance(body, str) else json.dumps(body)
        headers = {"Content-Type": "application/json"}
        signature = sign(payload, secret) if header is None else header
        if signature:
            headers["Stripe-Signature"] = signature
        request = urllib.request.Request(  # noqa: S310 - the live server on loopback
            self.webhook_url, data=payload.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    # --- The HTTP side ------------------------------------------------------------------

    def _api(self, method: str, path: str, form: dict, headers) -> tuple[int, dict]:
        key = headers.get("Idempotency-Key")
        if method == "POST" and key and key in self.by_key:
            return 200, self.by_key[key]
        if method == "POST" and path == "/v1/checkout/sessions":
            sid = new_id("cs")
            item = form["line_items"]["0"]["price_data"]
            obj = {
                "id": sid,
                "object": "checkout.session",
                "mode": form["mode"],
                "status": "open",
                "payment_status": "unpaid",
                "url": f"{self.url}/pay/{sid}",
                "amount_total": int(item["unit_amount"]),
                "currency": item["currency"],
                "client_reference_id": form.get("client_reference_id"),
                "customer_email": form.get("customer_email"),
                "metadata": form.get("metadata", {}),
                "success_url": form["success_url"],
                "cancel_url": form["cancel_url"],
                "payment_intent": None,
                "payment_method_types": list(form.get("payment_method_types", {}).values()),
                "expires_at": int(form["expires_at"]) if "expires_at" in form else None,
            }
            self.sessions[sid] = obj
            answer = obj
        elif path.startswith("/v1/checkout/sessions/") and path.endswith("/expire"):
            sid = path.split("/")[4]
            session = self.sessions.get(sid)
            if session is None:
                return 404, _error("No such checkout.session")
            if sid in self.pay_before_expire:
                session.update(status="complete", payment_status="paid")
                session["payment_intent"] = session["payment_intent"] or new_id("pi")
            if session["status"] != "open":
                return 400, _error(f"This Checkout Session is {session['status']}.")
            session["status"] = "expired"
            answer = session
        elif method == "GET" and path.startswith("/v1/checkout/sessions/"):
            session = self.sessions.get(path.split("/")[4])
            if session is None:
                return 404, _error("No such checkout.session")
            answer = session
        elif method == "POST" and path == "/v1/refunds":
            rid = new_id("re")
            answer = {
                "id": rid,
                "object": "refund",
                "amount": int(form["amount"]),
                "currency": "gbp",
                "payment_intent": form["payment_intent"],
                "status": "succeeded",
            }
            self.refunds[rid] = answer
        else:
            return 404, _error(f"Unrecognized request URL ({method}: {path}).")
        if key:
            self.by_key[key] = answer
        return 200, answer

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self) -> str:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length).decode() if length else ""

            def _send(self, status: int, body: str, content_type="application/json", extra=()):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str):
                url = urlparse(self.path)
                body = self._body()
                if url.path == "/favicon.ico":  # the browser asks on the checkout page
                    return self._send(204, "", "image/x-icon")
                if url.path.startswith("/pay/"):
                    return self._checkout_page(method, url.path.split("/")[2], body)
                form = parse_qsl(body or url.query, keep_blank_values=True)
                with standin.lock:
                    standin.requests.append(
                        {
                            "method": method,
                            "path": url.path,
                            "form": dict(form),
                            "headers": dict(self.headers),
                        }
                    )
                    if standin.fail_next:
                        failure = standin.fail_next.pop(0)
                        status, message = (
                            failure if isinstance(failure, tuple) else (failure, "Stand-in failure")
                        )
                        kind = "invalid_request_error" if status < 500 else "api_error"
                        return self._send(status, json.dumps(_error(message, kind)))
                    status, answer = standin._api(method, url.path, nested(form), self.headers)
                self._send(status, json.dumps(answer))

            def _checkout_page(self, method: str, sid: str, body: str):
                session = standin.sessions.get(sid)
                if session is None:
                    return self._send(404, "no such session", "text/plain")
                if method == "GET":
                    amount = f"{session['amount_total'] / 100:.2f}"
                    page = (
                        "<!doctype html><html lang='en'><head>"
                        "<title>Stand-in Checkout</title></head><body><main>"
                        f"<h1>Pay {amount} {session['currency'].upper()}</h1>"
                        "<form method='post'><button type='submit'>Pay</button></form>"
                        f"<a href='{session['cancel_url']}'>Back</a></main></body></html>"
                    )
                    return self._send(200, page, "text/html; charset=utf-8")
                paid = standin.complete(sid)
                if standin.deliver_webhooks:
                    standin.post_webhook(event("checkout.session.completed", paid))
                success = session["success_url"].replace("{CHECKOUT_SESSION_ID}", sid)
                self._send(303, "", "text/plain", extra=[("Location", success)])

            def do_GET(self):  # noqa: N802 - http.server's hook name
                self._handle("GET")

            def do_POST(self):  # noqa: N802
                self._handle("POST")

        return Handler


def _error(message: str, kind: str = "invalid_request_error") -> dict:
    return {"error": {"message": message, "type": kind}}
