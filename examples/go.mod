module github.com/dsmtools/omesync/examples

go 1.24

replace github.com/dsmtools/omesync => ../
