package ome

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestAllYieldsPerDeviceDecodeErrors: one bad device is an error of its
// own; a caller that goes on gets the others, and the bad ones count
// toward @odata.count.
func TestAllYieldsPerDeviceDecodeErrors(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, rawPage(6,
		`[{"Id":1},{"Id":"abc"},{"Id":"1004"},{"Id":3,"DeviceServiceTag":7},null,{"Id":4}]`))

	var ids []int64
	var bad []string
	for d, err := range c.Devices.All(t.Context(), nil) {
		var de *DeviceDecodeError
		switch {
		case errors.As(err, &de) && errors.Is(err, ErrDecode) && !errors.Is(err, ErrNotJSON):
			bad = append(bad, fmt.Sprintf("%d %s", de.Index, de.ID))
		case err != nil:
			t.Fatalf("All: %v", err)
		default:
			ids = append(ids, d.ID)
		}
	}

	if diff := cmp.Diff([]int64{1, 4}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}

	if diff := cmp.Diff([]string{`1 "abc"`, `2 "1004"`, `3 3`, `4 `}, bad); diff != "" {
		t.Errorf("decode errors (-want +got):\n%s", diff)
	}
}

func TestDeviceDecodeErrorText(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBasicAuth())
	mt.RegisterResponder(http.MethodGet, testBase+devicesPath, rawPage(2, `[{"Id":1},{"Id":"abc"}]`))

	var err error
	for _, e := range c.Devices.All(t.Context(), nil) {
		if e != nil {
			err = e
			break
		}
	}

	checkErrText(t, err, []error{ErrDecode}, []string{"GET /api/DeviceService/Devices",
		"entry 1", `Id "abc"`, "field Id"})
	if strings.Contains(err.Error(), "non-JSON") {
		t.Errorf("error %q calls a JSON body non-JSON", err)
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
