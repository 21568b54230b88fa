# camstreamd — build, run, test, publish, benchmark.
# `make run` and `make test` install what a fresh Debian machine lacks (and say so) before they build.

SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
RID ?= linux-x64
ARTIFACTS ?= artifacts
PUBLISH_DIR := $(ARTIFACTS)/camstreamd
APP_PROJECT := src/Camstreamd/Camstreamd.csproj
SOLUTION := camstreamd.sln
APT_PACKAGES := libturbojpeg0 ffmpeg curl

.PHONY: all build run test publish bench clean deps

all: build

# Installs the Debian packages the daemon and its tests need, only when one is missing.
deps:
	@bash deploy/scripts/ensure-packages.sh $(APT_PACKAGES)

build: deps
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo -v minimal

run: deps
	$(DOTNET) run --project $(APP_PROJECT) -c $(CONFIGURATION) --no-launch-profile -- $(ARGS)

test: deps
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --nologo -v minimal --logger "console;verbosity=normal"

publish: deps
	$(DOTNET) publish $(APP_PROJECT) -c $(CONFIGURATION) -r $(RID) --self-contained false -o $(PUBLISH_DIR) --nologo -v minimal

bench: publish
	bash bench/run.sh

clean:
	rm -rf $(ARTIFACTS)
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
