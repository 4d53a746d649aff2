package dsm

import (
	"context"
	"fmt"
)

// Hints for a 401 that renewal did not or could not fix.
const (
	hintNoSource = "no access token was sent; give the client a token source"
	hintStatic   = "sign in to DSM again for a new access token, " +
		"or use the password sign-in option so that omesync renews tokens itself"
	hintRenewed = "a freshly renewed token was refused too, so renewing again will not help; " +
		"check that DSM_URL and the sign-in belong to the same project and that the " +
		"function accepts the project's current JWT signing keys"
)

// renewOnce handles a 401: the first one on a call renews the token and
// lets the caller replay; any other ends the call with a hint. When
// another caller has renewed the token since this attempt, the replay
// uses that token instead of renewing again.
func (c *Client) renewOnce(ctx context.Context, cl *call, ae *APIError) error {
	r, ok := c.ts.(Renewer)
	switch {
	case c.ts == nil:
		ae.Hint = hintNoSource
		return ae
	case !ok:
		ae.Hint = hintStatic
		return ae
	case cl.renewed:
		ae.Hint = hintRenewed
		return ae
	}

	cl.renewed = true
	if cur, err := c.ts.Token(ctx); err == nil && cur.AccessToken != cl.token {
		return nil
	}

	if _, err := r.Renew(ctx); err != nil {
		return fmt.Errorf("%w; renewing the token failed: %w", ae, err)
	}

	return nil
}
