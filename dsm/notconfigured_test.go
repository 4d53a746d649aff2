package dsm

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// TestNotMadeByConstructor fails every call of a zero or nil Client, and
// of a zero token source, with ErrNotConfigured and no request, instead
// of a nil dereference or a loop over batches of size 0.
func TestNotMadeByConstructor(t *testing.T) {
	t.Parallel()
	client := func(what string) string {
		return "dsm: not configured: " + what + " on a Client not made by NewClient: " +
			"nothing was sent; make it with dsm.NewClient"
	}
	const source = "dsm: not configured: a token source not made by NewPasswordSource " +
		"or NewRefreshSource has nothing to sign in with; make it with one of them"
	mt := httpmock.NewMockTransport()
	withZero, _ := newTestClient(t, mt, WithTokenSource(&PasswordSource{}))
	ctx := t.Context()
	calls := map[string]func() error{
		"zero Sync": func() error {
			_, err := (&Client{}).Sync(ctx, &SyncRequest{Devices: records(1)})
			return err
		},
		"nil Post": func() error {
			_, err := (*Client)(nil).Post(ctx, &SyncRequest{Devices: records(1)})
			return err
		},
		"zero CheckToken":   func() error { return (&Client{}).CheckToken(ctx) },
		"zero source Token": func() error { _, err := (&PasswordSource{}).Token(ctx); return err },
		"zero source Renew": func() error { _, err := (&RefreshSource{}).Renew(ctx); return err },
		"zero source Flush": func() error { return (&RefreshSource{}).Flush(ctx) },
		"client with a zero source": func() error {
			_, err := withZero.Post(ctx, &SyncRequest{Devices: records(1)})
			return err
		},
	}
	want := map[string]string{
		"zero Sync": client("Sync"), "nil Post": client("Post"),
		"zero CheckToken": client("CheckToken"), "zero source Token": source,
		"zero source Renew": source, "zero source Flush": source,
		"client with a zero source": source,
	}
	got := map[string]string{}
	for name, call := range calls {
		err := call()
		got[name] = errText(err)
		if !errors.Is(err, ErrNotConfigured) || !StopsRun(err) {
			t.Errorf("%s: %v does not match ErrNotConfigured or does not stop a run", name, err)
		}
	}

	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	if n := mt.GetTotalCallCount(); n != 0 || (*Client)(nil).Requests() != 0 {
		t.Errorf("%d requests; want none, and 0 from a nil Client's Requests", n)
	}
}
