package dsm

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

func TestUnauthorizedWithoutATokenSourceSaysToGiveOne(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	s := onSync(mt, canned{401, `{"code":401,"message":"Missing authorization header"}`, nil})
	c, _ := newTestClient(t, mt)

	_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})
	var got *APIError
	if !errors.As(err, &got) {
		t.Fatalf("err = %v, want an *APIError", err)
	}

	want := &APIError{StatusCode: 401, Code: "401", Message: "Missing authorization header",
		ContentType: "application/json", Hint: hintNoSource}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(APIError{})); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}

	texts := []string{err.Error(), c.CheckToken(t.Context()).Error(),
		s.headers[0].Get("Authorization")}
	wantTexts := []string{"dsm: 401 unauthorized: Missing authorization header (code 401); " +
		"no access token was sent; give the client a token source",
		"dsm: unauthorized: no access token was sent; give the client a token source", ""}
	if diff := cmp.Diff(wantTexts, texts); diff != "" {
		t.Errorf("[Post error, CheckToken error, Authorization sent] (-want +got):\n%s", diff)
	}
}

func TestRenewalFailureEndsTheCallNamingBothRefusals(t *testing.T) {
	t.Parallel()

	mt := httpmock.NewMockTransport()
	onSync(mt, canned{401, `{"code":401,"message":"Invalid JWT"}`, nil})
	grants := 0
	mt.RegisterResponder(http.MethodPost, testAuth, func(*http.Request) (*http.Response, error) {
		grants++
		if grants == 1 {
			return httpmock.NewJsonResponse(200, map[string]any{
				"access_token": testJWT("ops", time.Now().Add(time.Hour)), "expires_in": 3600})
		}

		return httpmock.NewJsonResponse(400, map[string]any{"code": 400,
			"error_code": "invalid_credentials", "msg": "Invalid login credentials"})
	})
	ps, _ := NewPasswordSource(testBase, "anon", "ops@example.com", "pw",
		WithHTTPClient(&http.Client{Transport: mt}))
	c, _ := newTestClient(t, mt, WithTokenSource(ps))

	_, err := c.Post(t.Context(), &SyncRequest{Devices: records(1)})

	want := "dsm: 401 unauthorized: Invalid JWT (code 401); renewing the token failed: " +
		"dsm: unauthorized: password grant refused: dsm: 400 bad request: Invalid login " +
		"credentials (code invalid_credentials); check the email, the password and the " +
		"project's apikey"
	if diff := cmp.Diff(want, errText(err)); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}

	got := []any{grants, int(c.Requests()), errors.Is(err, ErrUnauthorized), StopsRun(err)}
	if diff := cmp.Diff([]any{2, 1, true, true}, got); diff != "" {
		t.Errorf("[grants syncs unauthorized stops] (-want +got):\n%s", diff)
	}
}

// errText is err's text, or "<nil>".
func errText(err error) string {
	if err == nil {
		return "<nil>"
	}

	return err.Error()
}
