package ome

import (
	"context"
	"errors"
	"iter"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// firstErr ranges over seq and returns how many pairs it gave and the
// first error.
func firstErr[T any](seq iter.Seq2[T, error]) (int, error) {
	n := 0
	var first error
	for _, err := range seq {
		n++
		if first == nil {
			first = err
		}
	}

	return n, first
}

// callAll calls every method of c and its services and returns each
// error's text, by method.
func callAll(ctx context.Context, c *Client, devs *DevicesService, groups *GroupsService,
	inv *InventoryService) map[string]string {
	got := map[string]string{}
	keep := func(name string, err error) {
		if !errors.Is(err, ErrNotConfigured) {
			got[name] = "does not match ErrNotConfigured: " + errString(err)
			return
		}

		got[name] = err.Error()
	}

	_, err := c.Info(ctx)
	keep("Info", err)
	_, err = c.SessionConfigurations(ctx)
	keep("SessionConfigurations", err)
	keep("Login", c.Login(ctx))
	keep("Logout", c.Logout(ctx))
	keep("Close", c.Close(ctx))
	_, err = devs.List(ctx, nil)
	keep("Devices.List", err)
	_, err = devs.Get(ctx, 1)
	keep("Devices.Get", err)
	_, err = devs.GetByServiceTag(ctx, "ABC1234")
	keep("Devices.GetByServiceTag", err)
	_, err = inv.Get(ctx, 1)
	keep("Inventory.Get", err)
	n, err := firstErr(devs.All(ctx, nil))
	keep("Devices.All", errors.Join(err, pairs(n)))
	n, err = firstErr(groups.All(ctx, nil))
	keep("Groups.All", errors.Join(err, pairs(n)))
	n, err = firstErr(groups.Devices(ctx, 1, nil))
	keep("Groups.Devices", errors.Join(err, pairs(n)))

	return got
}

// pairs is an error when a failed sequence gave other than one pair.
func pairs(n int) error {
	if n == 1 {
		return nil
	}

	return errors.New("want one pair")
}

// errString is err's text, or "<nil>".
func errString(err error) string {
	if err == nil {
		return "<nil>"
	}

	return err.Error()
}

// TestClientNotMadeByNewClient fails every call of a zero or nil Client,
// and of a service without a Client, with ErrNotConfigured; listings yield
// it once instead of panicking in the caller's goroutine.
func TestClientNotMadeByNewClient(t *testing.T) {
	t.Parallel()
	want := map[string]string{}
	for _, m := range []string{"Info", "SessionConfigurations", "Login", "Logout", "Close",
		"Devices.List", "Devices.Get", "Devices.GetByServiceTag", "Inventory.Get",
		"Devices.All", "Groups.All", "Groups.Devices"} {
		want[m] = "ome: client not configured: " + m +
			": nothing was sent; make the Client with ome.NewClient"
	}

	var zero Client
	tests := map[string]func() map[string]string{
		"zero Client": func() map[string]string {
			return callAll(t.Context(), &zero, zero.Devices, zero.Groups, zero.Inventory)
		},
		"nil Client": func() map[string]string {
			return callAll(t.Context(), nil, nil, nil, nil)
		},
		"services without a Client": func() map[string]string {
			return callAll(t.Context(), &zero, &DevicesService{}, &GroupsService{},
				&InventoryService{})
		},
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(want, call()); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}

	if n := (*Client)(nil).Requests(); n != 0 {
		t.Errorf("nil Client's Requests() = %d, want 0", n)
	}
}
