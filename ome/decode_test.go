package ome

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
)

// rawPage answers one page with the given JSON value array.
func rawPage(count int, value string) httpmock.Responder {
	body := fmt.Sprintf(`{"@odata.count":%d,"value":%s}`, count, value)
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusOK, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// TestBodyThatDoesNotFitIsADecodeError: JSON of the wrong shape is not
// called non-JSON.
func TestBodyThatDoesNotFitIsADecodeError(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, rawPage(1, `[{"Id":"1004"}]`))
	mt.RegisterResponder(http.MethodGet, testBase+devicePath(7),
		httpmock.ResponderFromResponse(jsonResponse(http.StatusOK, map[string]any{"Id": "abc"})))

	_, listErr := c.Devices.List(t.Context(), nil)
	_, getErr := c.Devices.Get(t.Context(), 7)
	for _, err := range []error{listErr, getErr} {
		checkErrText(t, err, []error{ErrDecode}, []string{"field", "Id", "string"})
		if errors.Is(err, ErrNotJSON) || strings.Contains(err.Error(), "non-JSON") {
			t.Errorf("error %q calls a JSON body non-JSON", err)
		}
	}
}
