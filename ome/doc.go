// Package ome is a client for the REST API of Dell OpenManage Enterprise
// (OME): sessions, device listings, device inventory and the appliance's
// version. It reads what an inventory sync needs, checks what the
// appliance says instead of trusting it, and returns errors that say what
// happened and what to do.
//
// A Client is made with NewClient, which does no I/O and ignores a nil
// Option. Every method that talks to the appliance takes a
// context.Context first. A Client that NewClient did not make (a zero
// Client, a nil one, or a service without one) sends nothing: every call
// fails with an error matching ErrNotConfigured, and a listing yields
// that error once. The package starts no goroutines, does not log, read
// environment variables or exit; it returns errors.
//
// # Authentication
//
// WithCredentials gives the user name and password. The first call that
// needs the appliance logs in with POST /api/SessionService/Sessions
// (OME answers 201, older guides say 200; both are accepted) and keeps the
// X-Auth-Token for every later call: one session per Client, shared by all
// goroutines. The password travels only in the JSON body of that POST.
//
// Sessions expire after an idle period (30 minutes by default). When an
// idempotent request (GET, DELETE) gets HTTP 401, the client logs in once
// more and replays the same request (the same page of a listing, not page
// one). A second 401 is returned as an error matching ErrUnauthorized;
// the client never loops on login, and a login is never retried.
//
// A login that OME refuses (HTTP 401, ErrUnauthorized, or MessageId
// CURS1209, ErrSessionLimit) is remembered: every later call fails at once
// with that error, without posting the credentials again, so a wrong or
// changed password costs one failed login, not one per device (which
// could lock the account). Call Login, or Logout, to try again.
//
// Always call Close, best in a defer: it deletes the session with
// DELETE /api/SessionService/Sessions('<Id>'), also when the context is
// cancelled or about to be: the logout keeps the context's values but is
// bounded by a timeout of its own (10s), not by its deadline. After Close
// the Client is done: every call fails with an error matching ErrClosed
// without sending anything (it never logs in again, which would leave a
// session open), and a second Close does nothing. Logout ends the session
// the same way but keeps the Client usable: the next call logs in again,
// for a client kept across runs.
//
// One goroutine logs in at a time; the others wait for its session. That
// wait, and Close's wait for a login in progress, ends when the caller's
// context does; a login that ends after Close deletes its session again.
//
// OME allows a limited number of API sessions per user (100 by default); a
// login refused for that reason (MessageId CURS1209) matches
// ErrSessionLimit and its message says how to recover.
// SessionConfigurations shows the limits.
//
// WithBasicAuth sends HTTP Basic credentials on every request instead of
// opening a session. OME accepts it for local users only.
//
// # Pagination
//
// DevicesService.List reads one page. DevicesService.All, GroupsService.All
// and GroupsService.Devices return an iter.Seq2 that reads page after page
// and holds only one page at a time:
//
//	opts := &ome.ListOptions{Filter: ome.Eq("Type", ome.TypeServer)}
//	for d, err := range c.Devices.All(ctx, opts) {
//		if err != nil {
//			return err
//		}
//		// use d
//	}
//
// The pager sends $skip and $top on every page, together with the caller's
// $filter and $orderby (OME drops them from its @odata.nextLink, so
// following that link would return unfiltered data). $skip advances by the
// number of items actually received, because the appliance may cap a page
// below the $top asked for. The nextLink is resolved as a URL reference and
// used only as a hint. The listing stops when the items reach @odata.count
// of the first page, on an empty page, on a nextLink seen before, or at the
// page cap (WithMaxPages, default 10000).
//
// The pager keeps the Id of every item it yielded (about 1 MB at 50,000
// devices): an item OME sends again, because the list shifted between
// pages, is not yielded twice. When an item came twice, or the distinct
// items disagree with @odata.count, the last pair of the sequence carries
// an error matching ErrIncompleteListing that says what happened: a
// listing is never silently short. A page that brings only items read
// before ends the listing the same way (the server ignores $skip), so the
// pager never loops to the page cap.
//
// Each entry of a page is decoded on its own. An entry that is JSON but
// does not fit the type (an "Id" of "abc", a number where text belongs) is
// yielded as a *DeviceDecodeError, matching ErrDecode, with its offset and
// its Id as sent, and the caller may go on to the next entry; such entries
// count toward @odata.count, so they do not make the listing incomplete.
// Every other error ends the iteration. An Id sent as a string, even a
// numeric one such as "1004", is such an entry: OME sends Ids as numbers,
// and the package does not guess what a string Id means.
//
//	for d, err := range c.Devices.All(ctx, nil) {
//		if errors.Is(err, ome.ErrDecode) {
//			log.Print(err) // this device only; the next one follows
//			continue
//		}
//		if err != nil {
//			return err
//		}
//		// use d
//	}
//
// ListOptions.Top is the page size (WithPageSize sets the default, 100).
// Without $orderby OME does not promise a stable order across pages, so a
// device may be read twice or missed while paging. Order long listings by
// a unique key: OrderBy "Id" is what syncer's OMESource sends and what the
// simulator and the tests exercise. Dell's API guide recommends
// "Identifier" with $top and $skip; Identifier is usually the service tag
// and is not unique when two devices share one. Ordering by Id has not
// been checked on a real appliance yet: if one refuses it (HTTP 400,
// ErrBadRequest), order by "Identifier" instead.
//
// # Filters
//
// Build $filter expressions with Eq, Ne, Contains, AnyEq, And and Or. Field names
// are checked, and string literals are quoted with a single quote doubled,
// so no value can change the expression:
//
//	ome.And(ome.Eq("Type", 1000), ome.Eq("DeviceServiceTag", tag))
//
// And and Or skip empty filters; with no parts left they give the empty
// filter, which sends no $filter and so matches everything. A compound
// part of the other operator is parenthesised, also when it is the only
// part left of an inner And or Or.
//
// AnyEq builds the lambda form OME needs for collection properties, such
// as a device's management addresses. OME's contains is a substring match
// (192.0.2.1 also matches 192.0.2.10); check results on the client side.
//
// A filter built from bad input carries an error (Filter.Err) and the call
// that uses it fails before sending anything. Queries are encoded with
// go-querystring; spaces go out as %20, never '+', which OME misreads.
//
// # Inventory
//
// InventoryService.Get with no types reads every section in one request
// (GET .../InventoryDetails). With types it sends one request per type
// (GET .../InventoryDetails('<type>')); a type that does not apply to the
// device (HTTP 400 with OME's JSON error body) is left absent, not an
// error. A 404, even with MessageId CGEN1004, means OME does not know the
// device: it is an error matching ErrNotFound that names the device, so a
// removed device never reads as one without inventory. A 200 answer
// without the InventoryInfo array (or, for every section, without the
// value array) is an error too, never an empty inventory.
// Processors, memory, software, network interfaces, operating systems,
// power supplies and disks are decoded into typed slices; Raw keeps the
// InventoryInfo of every section returned, typed or not. A typed slice is
// nil when its section is absent and empty when the section was empty;
// Has tells which.
//
// Inventory.BIOSVersion and Inventory.IDRACVersion take the installed row
// of deviceSoftware (Status "Installed" or an InstanceId starting with
// DCIM:INSTALLED#), never the staged or previous images. Memory sizes are
// integers in MB; TotalMemoryMB sums them and fails, naming the DIMM, on a
// size it could not read, on a null or missing size (unknown, never 0 MB:
// MemorySize.Invalid is "null" or "missing"), on a sum beyond int64 and
// on no DIMMs at all (ErrNoMemory: the total is unknown, not 0). A
// string size with an explicit unit ("16 GB") is converted; the unit is
// never guessed.
//
// Timestamps ("2006-01-02 15:04:05.000", no zone) are read as UTC; "NA",
// "null" and other placeholders keep their text in Timestamp.Raw.
//
// # Errors
//
// A response with an error status, or a body that is empty or not JSON, is
// an *APIError with the status, method, path (never the query), OME's code
// and message, the @Message.ExtendedInfo entries, the content type and a
// short sanitised excerpt of a body that was not an OME error. Match with
// errors.Is: ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound,
// ErrRateLimited and ErrServer by status; ErrSessionLimit by MessageId;
// ErrNotJSON for an HTML page or an empty body, even with status 200 (a
// listing never turns such a page into zero devices); ErrDecode for a body
// that is JSON but does not fit the expected type (the message names the
// field, what JSON came and what was expected); ErrIncompleteListing
// for a short listing; ErrClosed for a call after Close;
// ErrNotConfigured for a call on a Client not made by NewClient; ErrCertificate
// for a TLS certificate that could not be verified (never retried). A 404
// on the login path says the host does not look like an OME API. Bodies
// are read through a size cap (8 MiB for success, 64 KiB for errors); a
// success body beyond it is ErrBodyTooLarge, never retried. Errors never
// carry the password or the token: text the server sends back is
// redacted, the password also in its JSON-, HTML- and URL-escaped forms
// and inside the base64 Basic credential.
//
// # Retries and rate limits
//
// Idempotent requests are retried after transport errors (not
// ErrCertificate or ErrBodyTooLarge, which would recur) and HTTP 429,
// 502, 503 and 504, with capped exponential backoff and jitter, honouring
// Retry-After up to 2 minutes: a longer Retry-After ends the retries and
// returns the response's error (ErrRateLimited, ErrServer) at once. The
// zero RetryPolicy means 3 retries with backoff from 200ms to 5s; a
// negative MaxRetries turns retries off. A refused redirect (ErrRedirect)
// is not retried either. Logins are never
// retried. WithRateLimiter takes a golang.org/x/time/rate limiter that is
// waited on before every request, retries and logins included. Every wait
// ends when the context is done. Client.Requests counts the HTTP requests
// sent.
//
// # TLS
//
// The base URL must be https://host[:port] (a port from 1 to 65535). A
// path after the host is kept as a prefix of every API path, for an
// appliance behind a reverse proxy that serves it under one
// (https://proxy.example.com/ome sends https://proxy.example.com/ome/api/...).
// A trailing /api or /api/, as when the API's own URL is pasted as the
// base URL, is trimmed (https://ome.example.com/api is
// https://ome.example.com), so the path is never doubled.
// NewClient refuses plain http://, over which the password and the session
// token would travel in clear text, unless WithInsecureHTTP is given: an
// explicit opt-in for test servers and plain-HTTP lab proxies only.
//
// TLS is configured through the http.Client given to WithHTTPClient; the
// client keeps a copy and never changes the caller's client or transport.
// Verification is on unless you turn it off. To trust the appliance's own
// certificate authority:
//
//	pool, err := x509.SystemCertPool()
//	if err != nil {
//		return err
//	}
//	pem, err := os.ReadFile("ome-ca.pem")
//	if err != nil {
//		return err
//	}
//	if !pool.AppendCertsFromPEM(pem) {
//		return errors.New("no certificate in ome-ca.pem")
//	}
//	tr := http.DefaultTransport.(*http.Transport).Clone()
//	tr.TLSClientConfig = &tls.Config{RootCAs: pool}
//	tr.MaxIdleConnsPerHost = 16 // one kept connection per concurrent request
//	hc := &http.Client{Timeout: 30 * time.Second, Transport: tr}
//	c, err := ome.NewClient("https://ome.example.com",
//		ome.WithCredentials(user, pass), ome.WithHTTPClient(hc))
//
// Turning verification off is an explicit opt-in, for a lab appliance with
// a self-signed certificate only:
//
//	hc := &http.Client{Transport: &http.Transport{
//		// Lab only: the appliance's identity is not checked.
//		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
//	}}
//
// A certificate error is not retried and its message says to check the CA
// bundle.
//
// # Redirects
//
// A GET or HEAD may follow a redirect to another origin (scheme, host,
// port), but without the session token or Basic credentials, and an
// error answered there names that host ("redirected to ..."). Any other
// request, and any request with a body, is never sent to another origin:
// Go would send the login's body, with the password, again on a 307 or
// 308. Such a redirect, and any from https down to plain http, is refused
// with an error matching ErrRedirect that names the target; set the base
// URL to the origin that answers the API instead.
package ome
