# The README's two commands are `make site` and `make test`; each installs what it needs.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
PREFIX ?= /usr/local
HUSH := .build/release/hush
FORMATTED := Package.swift Sources Tests Plugins

.PHONY: site test lint format install release dist check-site check-browser check-dist screenshots bench clean

## Build hush and the example site in this repository into public/, and say where to look.
site: release
	$(HUSH) build . --output public
	@echo
	@echo "The example site is in public/. To look at it, rebuilt and reloaded as you edit:"
	@echo "    $(HUSH) serve"
	@echo "then open the address it prints (http://127.0.0.1:8080/)."

release:
	@scripts/bootstrap
	$(SWIFT) build -c release --product hush

## Run every test: the format check, the Swift test suite, the built site through real
## validators, the browser tests (search and accessibility in headless Chromium), and the
## release tarball (one release build, then checked to run without Swift: scripts/check-dist).
test:
	@scripts/bootstrap --test
	$(MAKE) --no-print-directory lint
	$(SWIFT) test
	scripts/check-site
	scripts/check-browser
	SWIFT=$(SWIFT) scripts/check-dist

## The release tarball, dist/hush-<version>-linux-<arch>.tar.gz and its .sha256: hush with
## the Swift runtime and cmark linked in, for machines without Swift (docs/deploy.md).
dist:
	@scripts/bootstrap
	SWIFT=$(SWIFT) scripts/dist

## Fails when a Swift file is not formatted as .swift-format says (`make format` fixes it).
lint:
	$(SWIFT) format lint --strict --configuration .swift-format --recursive --parallel $(FORMATTED)

## Formats every Swift file in place with the repository's .swift-format.
format:
	$(SWIFT) format --in-place --configuration .swift-format --recursive --parallel $(FORMATTED)

## Put hush on the PATH (themes travel inside the binary).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(HUSH) $(DESTDIR)$(PREFIX)/bin/hush

check-site:
	scripts/check-site

check-browser:
	scripts/check-browser

check-dist:
	@scripts/bootstrap
	SWIFT=$(SWIFT) scripts/check-dist

## Screenshots of every theme at phone and desktop width, into .build/screenshots/.
screenshots: release
	scripts/screenshots

## hush against Hugo on 10,000 generated stories (needs ../shared/bench).
bench: release
	python3 ../shared/bench/vs_hugo.py --hush $(HUSH) --count 10000

clean:
	rm -rf .build public dist
