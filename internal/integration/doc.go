// Package integration pushes case events to the authorities' own systems as
// signed webhooks (function 24, the push side of the integration interface;
// the pull side is the case API).
//
// An organisation admin subscribes an address to some or all case events. The
// outbox consumer "webhooks", one for the whole cluster, turns every case event
// into one delivery per matching subscription and enqueues its job in the same
// transaction, so an event is never lost and, because deliveries are unique per
// subscription and event, never delivered twice over. The job POSTs the body
// and retries with exponential backoff; every attempt is written to the
// delivery log.
//
// # What a receiver gets
//
// A POST with Content-Type application/json and the body
//
//	{"id": "<delivery id>", "event": "case.decided", "event_id": 123,
//	 "occurred_at": "2026-05-04T09:00:00Z",
//	 "case": {"id": "…", "number": "LUVA-2026-000001", "service": "…", "state": "decided", "version": 1},
//	 "payload": {…the event's own fields…}}
//
// and the headers Luva-Event (the topic), Luva-Delivery (the delivery id, the
// same on every retry, for de-duplication) and Luva-Signature. Any 2xx answer
// within 10 seconds means delivered; anything else is retried, up to 12
// attempts over about 17 hours.
//
// # Verifying the signature
//
// Luva-Signature is "t=<unix seconds>,v1=<hex>", where hex is the lowercase hex
// HMAC-SHA256, keyed with the subscription's secret (the whole string as shown
// once when the subscription was made), of the timestamp, a full stop and the
// raw request body:
//
//	v1 = hex(HMAC-SHA256(secret, t + "." + body))
//
// A receiver computes the same over the bytes it received (before parsing the
// JSON), compares in constant time and refuses timestamps more than a few
// minutes old, which stops replays. Verify does exactly this.
package integration
