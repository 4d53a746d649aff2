package omesim

import (
	"encoding/json"
	"net/http"
	"time"
)

// timeLayout is how OME writes timestamps: no zone, milliseconds.
const timeLayout = "2006-01-02 15:04:05.000"

// Message ids used in error bodies (facts from ome-api.md §6).
const (
	msgNotAuthenticated = "CGEN1001"
	msgBadURI           = "CGEN1002"
	msgNotFound         = "CGEN1004"
	msgNoSuchURI        = "CGEN1006"
	msgProcessing       = "CGEN6001"
	msgSessionLimit     = "CURS1209"
)

// extendedInfo is one entry of @Message.ExtendedInfo.
type extendedInfo struct {
	MessageID         string   `json:"MessageId"`
	RelatedProperties []string `json:"RelatedProperties"`
	Message           string   `json:"Message"`
	MessageArgs       []string `json:"MessageArgs"`
	Severity          string   `json:"Severity"`
	Resolution        string   `json:"Resolution"`
}

// errorBody is the standard OME error envelope.
type errorBody struct {
	Error struct {
		Code         string         `json:"code"`
		Message      string         `json:"message"`
		ExtendedInfo []extendedInfo `json:"@Message.ExtendedInfo"`
	} `json:"error"`
}

// apiError is an error answer a handler wants written.
type apiError struct {
	status     int
	messageID  string
	message    string
	resolution string
}

// writeJSON writes v as a JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, apiError{http.StatusInternalServerError, msgProcessing,
			"Unable to complete the request because of an internal encoding error.",
			"Retry the operation."})
		return
	}

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError writes e in the standard envelope.
func writeError(w http.ResponseWriter, e apiError) {
	var b errorBody
	b.Error.Code = "Base.1.0.GeneralError"
	b.Error.Message = "A general error has occurred. See ExtendedInfo for more information."
	b.Error.ExtendedInfo = []extendedInfo{{
		MessageID:         e.messageID,
		RelatedProperties: []string{},
		Message:           e.message,
		MessageArgs:       []string{},
		Severity:          "Critical",
		Resolution:        e.resolution,
	}}
	writeJSON(w, e.status, b)
}

// formatTime writes t in the OME layout.
func formatTime(t time.Time) string {
	return t.UTC().Format(timeLayout)
}

// errUnauthenticated is the answer to a missing, unknown or expired token.
var errUnauthenticated = apiError{http.StatusUnauthorized, msgNotAuthenticated,
	"Unable to complete the operation because the user is not authenticated (simulated).",
	"Log in with valid credentials and retry the operation."}

// errNoSuchURI is the answer to a path the simulator does not serve.
var errNoSuchURI = apiError{http.StatusNotFound, msgNoSuchURI,
	"Unable to complete the request because the resource URI does not exist or is not implemented.",
	"Enter a valid URI and retry the operation."}

// badRequest is a 400 answer for invalid input in the URI or body.
func badRequest(message string) apiError {
	return apiError{http.StatusBadRequest, msgBadURI, message,
		"Correct the request and retry the operation."}
}

// notFound is a 404 answer for an unknown resource key.
func notFound(message string) apiError {
	return apiError{http.StatusNotFound, msgNotFound, message,
		"Enter a valid resource identifier and retry the operation."}
}
