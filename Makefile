# luva: the two commands a newcomer needs are `make run` and `make test`.

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test test-go lint fmt vendor-assets

## run: start luva with demo data on the embedded database (SQLite in ./luva-data)
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/luva serve --demo

## build: build the luva binary into bin/luva
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/luva ./cmd/luva

## test: every test on SQLite and PostgreSQL, browser tests with the accessibility scan
test:
	bash scripts/test.sh

## lint: gofmt, go vet and staticcheck
lint:
	@out="$$(gofmt -l $$(git ls-files '*.go'))"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

## fmt: format the Go code
fmt:
	gofmt -w $$(git ls-files '*.go')

## vendor-assets: refresh the Suomi.fi design tokens and icons from npm
vendor-assets:
	bash scripts/vendor-assets.sh
