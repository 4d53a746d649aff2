package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dsmtools/omesync/dsm"
	"github.com/dsmtools/omesync/examples/internal/app"
	"github.com/dsmtools/omesync/ome"
)

// checkResult is what the check command learned. It holds no secret.
type checkResult struct {
	OMEURL      string    `json:"ome_url"`
	OMEUser     string    `json:"ome_username"`
	OMEProduct  string    `json:"ome_product"`
	OMEVersion  string    `json:"ome_version"`
	Devices     int       `json:"devices"`
	Servers     int       `json:"servers"`
	DSMURL      string    `json:"dsm_url"`
	DSMAuth     string    `json:"dsm_auth"`
	TokenExpiry time.Time `json:"dsm_access_expires,omitzero"`
	// DSMVerified is true when DSM itself accepted the token (a sign-in,
	// a refresh, or GET /auth/v1/user with DSM_API_KEY), false when only
	// its expiry was read.
	DSMVerified bool `json:"dsm_token_verified"`
}

// check logs in to OME, reads its version and device counts, and gets a
// DSM token and its expiry. It posts nothing to DSM.
func (p *program) check(ctx context.Context) int {
	cfg := &p.opts.cfg
	res := &checkResult{OMEURL: cfg.OMEURL(), OMEUser: cfg.OMEUsername,
		DSMURL: app.SafeURL(cfg.DSMURL)}
	if err := errors.Join(p.checkDSM(ctx, res), p.flushRefresh(ctx)); err != nil {
		return p.fail(err)
	}

	if err := p.checkOME(ctx, res); err != nil {
		return p.fail(app.ExplainOME(cfg, err))
	}

	if p.opts.output == "json" {
		return p.writeOrFail(writeJSON(p.stdout, res))
	}

	return p.writeOrFail(p.printCheck(res))
}

func (p *program) checkDSM(ctx context.Context, res *checkResult) error {
	cfg := &p.opts.cfg
	ts, err := p.deps.TokenSource(ctx, cfg)
	if err != nil {
		return err
	}

	info, err := app.CheckToken(ctx, cfg, ts)
	if err != nil {
		return fmt.Errorf("DSM sign-in: %w", err)
	}

	res.DSMAuth, res.TokenExpiry = "token", info.Expiry
	res.DSMVerified = info.SignIn || info.Refresh
	switch {
	case info.SignIn:
		res.DSMAuth = "sign-in as " + cfg.DSMEmail

		return nil
	case info.Refresh:
		res.DSMAuth = "refresh token from " + cfg.DSMRefreshFile + ", which now holds the next one"

		return nil
	}

	return p.verifyToken(ctx, ts, res)
}

// verifyToken asks DSM whether it accepts a static token, which needs the
// project's publishable key; without one only the expiry is known.
func (p *program) verifyToken(ctx context.Context, ts dsm.TokenSource, res *checkResult) error {
	cfg := &p.opts.cfg
	if cfg.DSMAPIKey == "" {
		return nil
	}

	tok, err := ts.Token(ctx)
	if err != nil {
		return err
	}

	if err := app.VerifyToken(ctx, cfg, p.deps.DSMHTTP, tok.AccessToken); err != nil {
		return fmt.Errorf("DSM token check: %w", err)
	}

	res.DSMVerified = true

	return nil
}

func (p *program) checkOME(ctx context.Context, res *checkResult) error {
	oc, err := app.NewOME(&p.opts.cfg, p.deps)
	if err != nil {
		return fmt.Errorf("%w: %w", app.ErrConfig, err)
	}
	defer app.CloseOME(ctx, oc)

	if err := oc.Login(ctx); err != nil {
		return fmt.Errorf("OME login: %w", err)
	}

	info, err := oc.Info(ctx)
	if err != nil {
		return fmt.Errorf("OME version: %w", err)
	}

	res.OMEProduct, res.OMEVersion = info.Name, info.Version
	res.Devices, res.Servers, err = countDevices(ctx, oc)

	return err
}

// countDevices reads @odata.count of all devices and of the servers.
func countDevices(ctx context.Context, oc *ome.Client) (all, servers int, err error) {
	page, err := oc.Devices.List(ctx, &ome.ListOptions{Top: 1})
	if err != nil {
		return 0, 0, fmt.Errorf("OME device count: %w", err)
	}

	spage, err := oc.Devices.List(ctx, &ome.ListOptions{Top: 1, Filter: ome.Eq("Type", int(ome.TypeServer))})
	if err != nil {
		return 0, 0, fmt.Errorf("OME server count: %w", err)
	}

	return page.Count, spage.Count, nil
}

func (p *program) printCheck(r *checkResult) error {
	written := "nothing was written"
	if p.opts.cfg.UsesRefresh() {
		written += " but the refresh token file"
	}

	_, err := fmt.Fprintf(p.stdout, "OME %s: logged in as %s; %s %s; %d devices, %d servers\n"+
		"DSM %s: %s\nCheck ok: %s\n",
		r.OMEURL, r.OMEUser, r.OMEProduct, r.OMEVersion, r.Devices, r.Servers,
		r.DSMURL, p.tokenState(r), written)

	return err
}

// tokenState says how DSM tokens come, whether DSM accepted the token and
// when it expires.
func (p *program) tokenState(r *checkResult) string {
	expiry := "no expiry in the token"
	if !r.TokenExpiry.IsZero() {
		expiry = fmt.Sprintf("expires %s (in %s)", r.TokenExpiry.UTC().Format(time.DateTime+" MST"),
			r.TokenExpiry.Sub(p.now()).Round(time.Minute))
	}

	switch {
	case r.DSMVerified && r.DSMAuth != "token":
		return r.DSMAuth + "; access token accepted by DSM, " + expiry
	case r.DSMVerified:
		return "token accepted by DSM, " + expiry
	}

	return "token not verified against DSM (set DSM_API_KEY to verify); expiry read from the token: " + expiry
}

// writeOrFail returns exitOK, or exitFailed when stdout could not be written.
func (p *program) writeOrFail(err error) int {
	if err != nil {
		return p.fail(fmt.Errorf("write the result: %w", err))
	}

	return exitOK
}
