package ome

import (
	"context"
	"iter"
	"strconv"
)

const groupsPath = "/api/GroupService/Groups"

// Group is an OME device group.
type Group struct {
	// ID is the group's id, the key of GroupsService.Devices.
	ID int64 `json:"Id"`
	// Name and Description are as an administrator set them.
	Name        string `json:"Name"`
	Description string `json:"Description"`
	// ParentID is the id of the group above it; 0 for none.
	ParentID int64 `json:"ParentId"`
	// TypeID and MembershipTypeID are OME's codes for the group's kind
	// and for how its members are chosen, as sent.
	TypeID           int `json:"TypeId"`
	MembershipTypeID int `json:"MembershipTypeId"`
	// GlobalStatus is the members' health rollup, in the codes of
	// HealthStatus.
	GlobalStatus int `json:"GlobalStatus"`
}

// GroupsService reads groups.
type GroupsService struct{ c *Client }

// client returns the service's Client; nil for a nil service.
func (s *GroupsService) client() *Client {
	if s == nil {
		return nil
	}

	return s.c
}

// All yields every group, through the same pager as DevicesService.All.
//
// GET /api/GroupService/Groups
func (s *GroupsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Group, error] {
	if err := s.client().ready("Groups.All"); err != nil {
		return failedSeq[Group](err)
	}

	return listAll(ctx, s.c, groupsPath, opts, groupKind)
}

// Devices yields the devices of a group, through the same pager as
// DevicesService.All.
//
// GET /api/GroupService/Groups(id)/Devices
func (s *GroupsService) Devices(
	ctx context.Context, groupID int64, opts *ListOptions,
) iter.Seq2[Device, error] {
	if err := s.client().ready("Groups.Devices"); err != nil {
		return failedSeq[Device](err)
	}

	path := groupsPath + "(" + strconv.FormatInt(groupID, 10) + ")/Devices"
	return listAll(ctx, s.c, path, opts, deviceKind)
}
