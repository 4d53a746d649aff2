package ome

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// ApplicationInfo is the appliance's product and version.
type ApplicationInfo struct {
	// Name, Description and Vendor name the product as OME states it.
	Name        string `json:"Name"`
	Description string `json:"Description"`
	Vendor      string `json:"Vendor"`
	// ProductType is OME's product code, sent as a number or as text.
	ProductType Code `json:"ProductType"`
	// Version is the appliance's version, such as "4.1.0".
	Version string `json:"Version"`
	// BuildNumber is the build of that version.
	BuildNumber string `json:"BuildNumber"`
	// GUID identifies the appliance.
	GUID string `json:"Guid,omitempty"`
}

// Info returns the appliance's product name and version, for diagnostics.
//
// GET /api/ApplicationService/Info
func (c *Client) Info(ctx context.Context) (*ApplicationInfo, error) {
	if err := c.ready("Info"); err != nil {
		return nil, err
	}

	var info ApplicationInfo
	if err := c.getJSON(ctx, "/api/ApplicationService/Info", "", &info); err != nil {
		return nil, err
	}
	return &info, nil
}

// Code is a value that appliances send as a number or as a string, such as
// ApplicationInfo.ProductType. It keeps the text of either form.
type Code string

// UnmarshalJSON accepts a JSON string, a number or null.
func (c *Code) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = Code(s)
		return nil
	}

	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("ome: want a string or a number, got %.20s", b)
	}
	*c = Code(n.String())
	return nil
}
