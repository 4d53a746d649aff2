package ome

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors, matched with errors.Is against the errors this package returns.
var (
	// ErrUnauthorized is an HTTP 401: bad credentials or an expired session.
	ErrUnauthorized = errors.New("ome: unauthorized")
	// ErrForbidden is an HTTP 403: the user lacks the privilege.
	ErrForbidden = errors.New("ome: forbidden")
	// ErrNotFound is an HTTP 404, or a lookup that matched nothing.
	ErrNotFound = errors.New("ome: not found")
	// ErrBadRequest is an HTTP 400.
	ErrBadRequest = errors.New("ome: bad request")
	// ErrSessionLimit is OME's CURS1209: the user has too many open sessions.
	ErrSessionLimit = errors.New("ome: session limit reached")
	// ErrRateLimited is an HTTP 429.
	ErrRateLimited = errors.New("ome: rate limited")
	// ErrServer is an HTTP 5xx.
	ErrServer = errors.New("ome: server error")
	// ErrNotJSON is a response whose body is empty or not JSON.
	ErrNotJSON = errors.New("ome: response is not JSON")
	// ErrDecode is a JSON body, or one entry of a listing, whose shape does
	// not fit the type this package reads (a string where a number belongs).
	ErrDecode = errors.New("ome: response does not fit the expected shape")
	// ErrIncompleteListing is a listing whose items disagree with @odata.count.
	ErrIncompleteListing = errors.New("ome: incomplete listing")
	// ErrClosed is a call on a Client after Close; nothing is sent.
	ErrClosed = errors.New("ome: client closed")
	// ErrNotConfigured is a call on a Client that NewClient did not make
	// (a zero or nil Client), or on a service of one; nothing is sent.
	ErrNotConfigured = errors.New("ome: client not configured")
	// ErrCertificate is a TLS certificate that could not be verified; it is
	// never retried.
	ErrCertificate = errors.New("ome: certificate not verified")
	// ErrBodyTooLarge is a success body beyond the 8 MiB read cap; it is
	// never retried, since the same body would come again.
	ErrBodyTooLarge = errors.New("ome: response body too large")
	// ErrRedirect is a redirect the client refused to follow: from https to
	// plain http, or away from the appliance's origin (scheme, host, port)
	// for a request that is not a GET or HEAD or that has a body, such as
	// the login, whose body holds the password. It is never retried.
	ErrRedirect = errors.New("ome: redirect refused")
	// ErrNoMemory is TotalMemoryMB given no DIMMs: the total is unknown,
	// not 0 MB.
	ErrNoMemory = errors.New("ome: no memory devices")
)

// redirectError is a refused redirect; it names where it pointed.
type redirectError struct {
	to     string
	reason string
}

func (e *redirectError) Error() string {
	return "redirect to " + e.to + " refused: " + e.reason
}

// Is matches ErrRedirect.
func (e *redirectError) Is(target error) bool { return target == ErrRedirect }

// DeviceDecodeError is one entry of a listing (a device, or a group from
// GroupsService.All) that is JSON but does not fit the type, for example
// an Id that is a string. The iterator yields it in place of that entry
// and the caller may go on to the next one. It matches ErrDecode.
type DeviceDecodeError struct {
	// Path is the listing's path, without the query.
	Path string
	// Index is the entry's offset in the collection: the $skip of its
	// page plus its place on the page.
	Index int
	// ID is the entry's Id as sent (JSON text, so a string keeps its
	// quotes), or "" when it has none that can be read.
	ID string
	// Err is the decoding problem.
	Err error
}

// Error names the entry, its Id and the problem.
func (e *DeviceDecodeError) Error() string {
	id := ""
	if e.ID != "" {
		id = " (Id " + e.ID + ")"
	}
	return oneLine(fmt.Sprintf("ome: GET %s: entry %d%s does not fit the expected shape: %v; "+
		"the other entries are still read, report this one with the appliance's version",
		e.Path, e.Index, id, e.Err))
}

// Is matches ErrDecode.
func (e *DeviceDecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the decoding problem.
func (e *DeviceDecodeError) Unwrap() error { return e.Err }

// MessageID values that callers may look for with HasMessageID.
const (
	// MessageSessionLimit (CURS1209) is a login refused because the user
	// has too many sessions; such errors match ErrSessionLimit.
	MessageSessionLimit = "CURS1209"
	// MessageNotFound (CGEN1004) is a resource or value that was not
	// found or does not apply. OME sends it with HTTP 404 for an unknown
	// device; the status, not this id, decides which sentinel matches.
	MessageNotFound = "CGEN1004"
)

const excerptLimit = 200

// ExtendedInfo is one entry of an OME error's @Message.ExtendedInfo.
type ExtendedInfo struct {
	// MessageID is OME's message id, such as CGEN1004 (MessageNotFound).
	MessageID string `json:"MessageId"`
	// Message says what happened.
	Message string `json:"Message"`
	// Resolution says what OME advises to do.
	Resolution string `json:"Resolution"`
	// Severity is OME's severity word, such as "Critical" or "Warning".
	Severity string `json:"Severity"`
}

// APIError is an HTTP response OME (or something in front of it) answered
// with an error status or a body that is not JSON. Path never carries the
// query string.
type APIError struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Method is the HTTP method of the request.
	Method string
	// Path is the request's URL path (with the base URL's path, if any),
	// without the query.
	Path string
	// RedirectedTo is the scheme and host that answered when a redirect
	// led away from the appliance; "" when the appliance answered.
	RedirectedTo string
	// Code is the error's "code" in OME's error body, such as
	// "Base.1.0.GeneralError"; "" when the body was not an OME error.
	Code string
	// Message is the error's "message" in OME's error body.
	Message string
	// ExtendedInfo holds the @Message.ExtendedInfo entries of OME's error
	// body, in the order sent; HasMessageID searches them.
	ExtendedInfo []ExtendedInfo
	// ContentType is the response's Content-Type header as sent.
	ContentType string
	// Excerpt is a short, sanitised start of a body that was not an OME error.
	Excerpt string
	// Hint says what to do, when the package knows.
	Hint string

	notJSON bool
}

// Error returns a one-line description without credentials or query values.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ome: %s %s%s: %d %s", e.Method, e.Path, redirectNote(e.RedirectedTo),
		e.StatusCode, http.StatusText(e.StatusCode))
	if e.notJSON {
		fmt.Fprintf(&b, ": non-JSON body (content type %q)", e.ContentType)
	}

	if msg := e.detail(); msg != "" {
		b.WriteString(": " + msg)
	}

	if e.Excerpt != "" {
		fmt.Fprintf(&b, ": body %q", e.Excerpt)
	}

	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return oneLine(b.String())
}

// detail joins the OME code, message and extended info.
func (e *APIError) detail() string {
	parts := []string{}
	if e.Message != "" {
		parts = append(parts, strings.TrimRight(e.Message, ". "))
	}

	for _, x := range e.ExtendedInfo {
		s := strings.TrimSpace(x.MessageID + " " + strings.TrimRight(x.Message, ". "))
		if x.Resolution != "" {
			s += " (resolution: " + strings.TrimRight(x.Resolution, ". ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// Is matches the sentinel errors by status, message id and body shape.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotJSON:
		return e.notJSON
	case ErrSessionLimit:
		return e.HasMessageID(MessageSessionLimit)
	case ErrServer:
		return e.StatusCode >= 500
	}

	return target == statusSentinel(e.StatusCode) && target != nil
}

// statusSentinel maps an HTTP status to its sentinel, or nil.
func statusSentinel(status int) error {
	switch status {
	case http.StatusBadRequest:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}

// HasMessageID reports whether any extended info entry carries id.
func (e *APIError) HasMessageID(id string) bool {
	for _, x := range e.ExtendedInfo {
		if strings.EqualFold(x.MessageID, id) {
			return true
		}
	}
	return false
}

// errorBody is OME's error envelope.
type errorBody struct {
	Error *struct {
		Code         string         `json:"code"`
		Message      string         `json:"message"`
		ExtendedInfo []ExtendedInfo `json:"@Message.ExtendedInfo"`
	} `json:"error"`
}

// decodeAPIError builds the error for a response; it never fails.
func decodeAPIError(status int, method, path, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path, ContentType: contentType}
	if !isJSONType(contentType) || len(strings.TrimSpace(string(body))) == 0 {
		e.notJSON = true
		e.Excerpt = excerpt(body)
		return e
	}

	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil || eb.Error == nil {
		e.Excerpt = excerpt(body)
		e.notJSON = err != nil
		return e
	}

	e.Code = eb.Error.Code
	e.Message = eb.Error.Message
	e.ExtendedInfo = eb.Error.ExtendedInfo
	return e
}

// isJSONType reports whether a Content-Type names JSON. A missing type is
// accepted; the body is then checked by decoding.
func isJSONType(contentType string) bool {
	if contentType == "" {
		return true
	}

	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// excerpt returns a short, single-line, printable start of body.
func excerpt(body []byte) string {
	s := strings.ToValidUTF8(string(body[:min(len(body), 4*excerptLimit)]), "")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
	if utf8.RuneCountInString(s) <= excerptLimit {
		return s
	}
	return string([]rune(s)[:excerptLimit]) + "..."
}

// oneLine replaces line breaks and other control characters with spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
