// Package dsm posts server records to Dell Server Manager (DSM), a web app
// on Supabase, through its openmanage-sync edge function:
//
//	POST {DSM_URL}/functions/v1/openmanage-sync
//
// The function upserts one server per service tag, links it to the
// vCenter host whose serial number equals that tag, and answers a summary
// (total, new, updated, auto-linked, errors) with the devices it refused.
// A Client sends the records, renews tokens, retries what is safe to
// retry and splits what is too big:
//
//	ts, err := dsm.StaticToken(jwt)
//	...
//	c, err := dsm.NewClient("https://abcd.supabase.co",
//		dsm.WithTokenSource(ts), dsm.WithAPIKey(anonKey))
//	...
//	res, err := c.Sync(ctx, &dsm.SyncRequest{Devices: records})
//
// The base URL is the project URL. One that ends in /functions/v1 or
// /functions/v1/openmanage-sync (the function's URL, pasted as DSM_URL)
// is trimmed to the project URL, so the path is never doubled. Any other
// path is kept as a prefix (for a project behind a reverse proxy), except
// one that points at another Supabase service (/rest/v1, /auth/v1,
// /storage/v1, /realtime/v1, /graphql/v1, or another function below
// /functions/v1, with or without more path): NewClient and the token
// sources refuse it, naming the project URL to use, instead of failing
// every sync with 404 after all of OME was read. User info
// (user:password@), a query and a fragment are refused too, and the
// error does not repeat them: the sign-in goes in a TokenSource, the api
// key in WithAPIKey. It must be
// https: over plain http the bearer token and the password grant would
// travel in clear text, so NewClient and the token sources refuse an
// http URL unless its host is loopback (localhost, 127.0.0.0/8, ::1, as
// in Supabase's local stack at http://127.0.0.1:54321) or WithInsecureHTTP
// is given.
//
// NewClient does no I/O and ignores a nil Option; every method that does
// I/O takes a context first. A Client, PasswordSource or RefreshSource
// that its constructor did not make (a zero value) sends nothing: every
// call fails with an error matching ErrNotConfigured, which StopsRun.
// The package never logs: it returns errors that say what happened.
//
// # Records
//
// A Record holds the nine fields DSM knows. A nil pointer means the value
// is unknown in this run and is left out of the JSON, so that DSM keeps
// the value it already holds; unknown is never sent as 0 or "". Fields a
// mapping hook adds go in Record.Extra and travel in the same JSON object;
// an Extra key that is empty or names one of the nine fields is an error
// (ErrExtraField) when the record is encoded, and so is a value JSON cannot
// encode (NaN, a channel). Record.Validate checks a record without sending
// it: it also refuses a blank device id or service tag, for which the
// function would refuse the whole request. Sync checks each record on its
// own before batching: one that cannot be sent fails alone, as a
// FailedBatch of one record whose error is a *RecordError naming its
// device id and the reason, and the others are sent.
//
// # Tokens
//
// The gateway in front of the function wants a Supabase access token, a
// JWT, as a bearer token; WithAPIKey adds the project's publishable (anon)
// key as the apikey header. A TokenSource gives the token for each request:
//
//   - StaticToken takes a token as it is, for example from DSM_JWT_TOKEN;
//     a leading "Bearer " scheme, in any case, is removed, and an empty
//     token is refused with an error that says so. Its exp claim
//     is read (not verified), so an expired token fails with
//     ErrTokenExpired before anything is sent; CheckToken lets a program
//     fail that way before it does any other work. A static token cannot
//     be renewed, so a refused one ends the run with a message that says
//     to sign in again.
//   - NewPasswordSource signs in with an email and a password
//     (grant_type=password). It is the choice for a job that runs once a
//     day: nothing has to be carried between runs.
//   - NewRefreshSource renews with refresh tokens (grant_type=refresh_token).
//     Refresh tokens are single use, and using one twice revokes the
//     session, so each rotated token is saved to a RefreshStore before the
//     new access token is used, and one lock makes sure one refresh token
//     is sent once. FileStore keeps it in a file of mode 0600, replaced
//     atomically and synced to disk with its directory; MemoryStore keeps
//     it in memory. When a save fails, the source keeps the new pair in
//     memory and uses it for the rest of the run (nothing is refreshed
//     more often), tries the save again before each later call, and
//     RefreshSource.Flush, to be called when the run ends, returns an
//     error matching ErrRefreshNotSaved while the store still holds the
//     spent token. A refresh grant whose outcome is unknown (its answer
//     was lost, or the auth server failed with a 5xx) may have used the
//     token up, so the source never sends that token again: it fails with
//     ErrRefreshInDoubt, which says to sign in with a password.
//
// fmt never shows a secret: a Client, a token source, a MemoryStore or a
// Token prints its api key, password or tokens as [redacted] with every
// verb, as a value and as a pointer.
//
// Concurrent callers of a renewing source share one sign-in or refresh;
// a caller waiting for another's gives up with its context's error when
// its context ends.
//
// The renewing sources read a token's expiry from expires_at, else
// expires_in, else the JWT's exp, and replace a token RenewBefore (60 s)
// before it dies, or at half its life when it lives less than two
// minutes. A lifetime beyond MaxTokenLifetime (1 week, the most Supabase
// gives) is capped at it; an expiry that is not after now (a negative
// expires_in, an expires_at in the past, often a wrong clock) fails the
// sign-in with ErrTokenExpired rather than signing in again on every
// call. When the gateway still answers 401, the client renews once
// (when its source is a Renewer) and replays the same request with the
// same Idempotency-Key; a second 401 ends the call with ErrUnauthorized,
// naming the server's code and message. It never loops.
//
// # Batching
//
// Sync sends the records in batches of DefaultBatchSize (100), which
// WithBatchSize changes up to MaxBatchSize (500). The function may use 2 s
// of CPU per request, and each record costs an upsert and a vCenter
// lookup, so 100 keeps a request far below the limit while 1,000 servers
// still take only 10 requests; no request size limit is documented, and
// even 500 records are only some 150 KB of JSON. When the function answers
// 546 (a resource limit was hit), or a proxy 413 (too large), the batch is
// split in halves and each half is sent again, down to single records. A
// single record that still gets 546 means the function cannot take even
// one record, so the run stops there: that record and all that were not
// yet sent go to SyncResult.Failed with an error matching ErrResourceLimit
// that says so, instead of hundreds of requests that cannot succeed. (A
// single record that gets 413 fails alone.) The summaries and per-device
// errors of all answers are added up in a SyncResult.
//
// A batch that still fails is kept in SyncResult.Failed with its records
// and its error, and the other batches go on; the error Sync returns is
// then a *PartialError that unwraps to each batch's error. When the
// failure would hit every batch alike (a refused or expired token, a token
// source that failed, as when the auth server is unreachable or no refresh
// token is stored, a wrong URL, a cancelled context, a 546 for one record,
// or DSM unreachable: a transport error that outlived the retries, or a
// TLS certificate that cannot be verified) the remaining batches are
// reported as failed with the same error, without being sent; StopsRun
// tells a caller that sends its own batches (as the syncer does) when to
// stop too. A 500, 503 or 504 that outlived its retries fails only its own
// batch. The result is never nil. A ctx that has ended before the call
// sends nothing, no sign-in either: Sync fails every batch, and Post and
// CheckToken return, with ctx's error wrapped.
//
// # Retries
//
// The upsert is idempotent, so sending a record twice creates nothing new.
// A 500 is retried once; 503, 504 and transport errors up to
// RetryPolicy.MaxRetries times (4 by default), with exponential backoff
// from MinBackoff to MaxBackoff and jitter. A 503 or 504 with a
// Retry-After header is retried after the full wait it asks for, up to
// RetryPolicy.MaxRetryAfter (DefaultMaxRetryAfter, 2 minutes, by default);
// when it asks for more, the call is not retried and ends with the
// answer's error, which says so. Every attempt rebuilds its body and
// carries the same Idempotency-Key. After a 504 the upsert may have
// committed: the replay then reports those rows as updated, not new, so
// SyncResult's New counts what the answers said.
// 400 and 404 are never retried, and neither is what the next attempt
// would meet again: a TLS certificate that cannot be verified or a server
// that does not answer in TLS (ErrCertificate, which also stops a Sync
// run), or an answer larger than the size limit.
//
// # Errors
//
// An answer that is not a success is an *APIError with the status, the
// sb-error-code header (for example WORKER_LIMIT), the code and message of
// the body, its content type, and a short excerpt when the body was not
// JSON (an HTML page from a proxy). It matches a sentinel with errors.Is:
// ErrUnauthorized (401), ErrBadRequest (400), ErrNotFound (404),
// ErrResourceLimit (546, 413), ErrServer (other 5xx), ErrNotJSON (a body that
// is not the API's JSON) and ErrSyncFailed (a 200 with "success": false).
// ErrCertificate is a TLS certificate that could not be verified.
// Bodies are read through a size limit. No error text holds a token: the
// client never puts one there, and anything in a server's answer that
// looks like a JWT or a bearer credential is replaced by [redacted]. The
// server's text an APIError keeps (code, message, sb-error-code, content
// type, excerpt) is valid UTF-8 on one line, clipped, so that its Error
// is always one line.
package dsm
