# The README's two commands are `make site` and `make test`.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
PREFIX ?= /usr/local
HUSH := .build/release/hush

.PHONY: site test install release check-site screenshots bench clean

## Build hush and the example site in this repository into public/.
site: release
	$(HUSH) build . --output public

release:
	@scripts/bootstrap
	$(SWIFT) build -c release --product hush

## Run every test: the Swift test suite, then the built site through real validators.
test:
	@scripts/bootstrap
	$(SWIFT) test
	scripts/check-site

## Put hush on the PATH (themes travel inside the binary).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(HUSH) $(DESTDIR)$(PREFIX)/bin/hush

check-site:
	scripts/check-site

## Screenshots of every theme at phone and desktop width, into .build/screenshots/.
screenshots: release
	scripts/screenshots

## hush against Hugo on 10,000 generated stories (needs ../shared/bench).
bench: release
	python3 ../shared/bench/vs_hugo.py --hush $(HUSH) --count 10000

clean:
	rm -rf .build public
