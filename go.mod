module github.com/telltale-cti/telltale

go 1.26.8
