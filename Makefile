# camstreamd — build, run, test, publish, benchmark.
# `make run` and `make test` install what a fresh Debian machine lacks (and say so) before they build.

SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
# The .NET runtime identifier to build for: this machine's own unless given (RID=linux-arm64 for a Raspberry Pi).
# A 32-bit ARM kernel (armv7l, armv6l) maps to linux-arm, which check-rid refuses with the reason.
HOST_RID := $(patsubst x86_64,linux-x64,$(patsubst aarch64,linux-arm64,$(patsubst armv%,linux-arm,$(shell uname -m))))
RID ?= $(HOST_RID)
ARTIFACTS ?= artifacts
PUBLISH_DIR := $(ARTIFACTS)/camstreamd
APP_PROJECT := src/Camstreamd/Camstreamd.csproj
SOLUTION := camstreamd.sln
APT_PACKAGES := libturbojpeg0 ffmpeg curl chromium systemd python3-opencv nginx libnginx-mod-rtmp gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good python3-gi glib-networking
# Native AOT links the daemon with the platform's C toolchain: clang (gcc would do for the machine's own RID, but
# only clang takes the --target a cross-compile passes), libc's headers and objects.
AOT_PACKAGES := clang libc6-dev
# An arm64 binary on an amd64 machine: the aarch64 libc and libgcc to link against, and binutils for aarch64.
AOT_CROSS_PACKAGES_linux-arm64 := gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
AOT_CROSS_PROPERTIES_linux-arm64 := -p:ObjCopyName=aarch64-linux-gnu-objcopy

.PHONY: all build run test test-host vivid-deps vivid-deps-arm64 publish bench aot-order clean deps check-rid aot-deps

all: build

# Installs the Debian packages the daemon and its tests need, only when one is missing.
deps:
	@bash deploy/scripts/ensure-packages.sh $(APT_PACKAGES)

build: deps
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --nologo -v minimal

run: deps
	$(DOTNET) run --project $(APP_PROJECT) -c $(CONFIGURATION) --no-launch-profile -- $(ARGS)

# Everything: the host suite (real server on 127.0.0.1, ffmpeg, curl, headless Chromium), then V4L2 on
# the vivid camera and the service under a real systemd, both inside vivid-vm, then the arm64 package.
test: test-host test-aot test-vivid test-gpio test-systemd test-arm64

# Runs `dotnet test` keeping a TRX report (artifacts/test-results/NAME); after a failure it lists the failed tests
# again at the very end of the output, where the tail of a long log shows them.
DOTNET_TEST := bash tests/reporting/dotnet-test.sh

test-host: deps
	$(DOTNET_TEST) host $(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --nologo -v minimal --logger "console;verbosity=normal" --filter "Requires!=vivid&Requires!=gpio"

# The tests that start the real program (DaemonBinary) again, on the Native AOT binary `make publish` built: the
# configuration errors (exit 78), /state, /snapshot, /stream, the GIF encoder and decoder, systemd notify and socket
# activation, the command source, the receive verb. It must behave as the JIT build the host suite ran.
AOT_TEST_CLASSES := DaemonEndToEndTests StartupValidationTests CommandValidationTests PublishValidationTests SystemdDaemonTests \
	SocketActivationDaemonTests TcpSocketActivationTests CommandSourceDaemonTests ReceiveCommandTests GifEncoderUnavailableTests \
	AuthStartupTests HashPasswordCommandTests TlsTests TlsWatchdogTests AuthSecretsTests MemoryTrimTests
.PHONY: test-aot
# The tests are built first and run without building: publish's RID-specific restore would otherwise make
# `dotnet test` rebuild every project once more.
test-aot: deps
	$(DOTNET) build tests/Camstreamd.Tests/Camstreamd.Tests.csproj -c $(CONFIGURATION) --nologo -v minimal
	$(MAKE) publish
	CAMSTREAMD_BINARY=$(CURDIR)/$(PUBLISH_DIR)/camstreamd $(DOTNET_TEST) aot $(DOTNET) test tests/Camstreamd.Tests/Camstreamd.Tests.csproj -c $(CONFIGURATION) \
		--no-build --nologo -v minimal --logger "console;verbosity=normal" --filter "$(subst $(eval) ,|,$(addprefix FullyQualifiedName~,$(AOT_TEST_CLASSES)))"

# What vivid-vm needs (qemu, a Debian kernel, v4l-utils, systemd, v4l2loopback built by DKMS); installs only what is missing.
vivid-deps:
	@if [ "$$(id -u)" -eq 0 ]; then $(VIVID_VM) --install --systemd --loopback; else sudo $(VIVID_VM) --install --systemd --loopback; fi

# The arm64 guest for test-arm64 and bench-arm64 only (qemu-system-arm, Debian's arm64 kernel and an arm64 root,
# about 7 minutes the first time); installs only what is missing.
vivid-deps-arm64:
	@if [ "$$(id -u)" -eq 0 ]; then $(VIVID_VM) --install --arch arm64 --systemd; else sudo $(VIVID_VM) --install --arch arm64 --systemd; fi

# Native AOT (issue #12): one native program linking only libc and libm, no .NET on the camera box. Measured
# here (docs/benchmarks.md) it takes the daemon from about 60 MB to under 25 MB and starts it in a fraction of
# a second; its native symbols (camstreamd.dbg) stay in obj/, out of the package. Another RID than the machine's
# is cross-compiled (linux-arm64 on amd64: clang --target with Debian's aarch64 libc).
# The same properties for the restore below and for publish, so publish's own restore has nothing left to do.
AOT_CROSS = $(if $(filter $(HOST_RID),$(RID)),,$(AOT_CROSS_PROPERTIES_$(RID)))
PUBLISH_PROPERTIES = -r $(RID) -p:PublishAot=true -p:CopyOutputSymbolsToPublishDirectory=false $(AOT_CROSS) --nologo -v minimal
PUBLISH_FLAGS = -c $(CONFIGURATION) $(PUBLISH_PROPERTIES)

# 64-bit only: the V4L2 interop is written for the LP64 struct layouts (32-bit ARM's v4l2_buffer differs).
SUPPORTED_RIDS := linux-x64 linux-arm64
# A self-contained build for $(RID) needs that RID's runtime packs from a NuGet source: restore first, so a
# missing pack gets its own explanation (publish's restore is then a no-op).
RESTORE_FOR_RID = $(DOTNET) restore $(APP_PROJECT) $(PUBLISH_PROPERTIES) \
	|| { echo "restore for RID=$(RID) failed. When it says NU1101 for Microsoft.NETCore.App.Runtime.NativeAOT.$(RID), Microsoft.AspNetCore.App.Runtime.$(RID), runtime.$(HOST_RID).Microsoft.DotNet.ILCompiler or Microsoft.NETCore.App.Host.$(RID), the NuGet source lacks the .NET runtime or Native AOT packs for $(RID): build where a source has them (nuget.org does)." >&2; exit 1; }

check-rid:
	@case " $(SUPPORTED_RIDS) " in *" $(RID) "*) ;; *) echo "RID is $(RID); allowed: $(SUPPORTED_RIDS) (for a Raspberry Pi: 64-bit Raspberry Pi OS and RID=linux-arm64; 32-bit ARM is not supported, the V4L2 code is written for the 64-bit struct layouts)" >&2; exit 2 ;; esac

# What the AOT link of $(RID) needs on this machine, installed when missing.
aot-deps:
	@bash deploy/scripts/ensure-packages.sh $(AOT_PACKAGES) $(if $(filter $(HOST_RID),$(RID)),,$(AOT_CROSS_PACKAGES_$(RID)))

publish: deps check-rid aot-deps
	@$(RESTORE_FOR_RID)
	$(DOTNET) publish $(APP_PROJECT) $(PUBLISH_FLAGS) -o $(PUBLISH_DIR)

# Not tests: the MJPEG fan-out scenarios of issue #2 (bench/run.sh), our YUYV encode against libjpeg-turbo's
# tjbench, CPU per frame against ustreamer on the vivid camera in vivid-vm, 200 TCP readers against 200 MJPEG
# viewers (bench/tcp.sh), the footprint of issue #12 (bench/footprint.sh: AOT vs JIT vs Flask; bench/gc-settings.sh; one viewer's
# CPU beside Flask, and beside mjpg-streamer when MJPG_STREAMER_DIR names its build: bench/viewers-cpu.sh), publishing
# (bench/publish.sh) and the GIF stream (bench/gif.sh). Results: docs/benchmarks.md.
# bench/v4l2-library.sh: Iot.Device.Media's VideoDevice against our V4l2Capture in vivid-vm; results in docs/design.md.
bench: publish
	@bash deploy/scripts/ensure-packages.sh libjpeg-turbo-progs ustreamer python3-flask strace
	bash bench/run.sh
	bash bench/footprint.sh
	bash bench/gc-settings.sh
	VIEWERS=1 ROUNDS=12 TOGETHER=1 bash bench/viewers-cpu.sh artifacts/camstreamd/camstreamd flask $${MJPG_STREAMER_DIR:+mjpg-streamer}
	bash bench/footprint-vm.sh
	bash bench/tcp.sh
	bash bench/v4l2-encode.sh
	bash bench/publish.sh
	bash bench/v4l2-vm-cpu.sh
	bash bench/gif.sh
	bash bench/v4l2-library.sh
	$(MAKE) bench-arm64

# The AOT build's method order (src/Camstreamd/aot-method-order.txt, issue #12): the methods the daemon runs while it
# streams, counted by callgrind (bench/aot-order.sh). Not a test; remake it and commit it when the streaming code changed.
aot-order: publish
	bash bench/aot-order.sh

clean:
	rm -rf $(ARTIFACTS)
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# --- systemd service, install and packages (issue #4; see deploy/ and tests/systemd/) ---
PREFIX ?= /usr
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
VERSION ?= 0.1.0
DEB_PUBLISH_DIR := $(ARTIFACTS)/deb/$(RID)/camstreamd
INSTALL_ENV = DESTDIR="$(DESTDIR)" PREFIX="$(PREFIX)" SYSCONFDIR="$(SYSCONFDIR)" UNITDIR="$(UNITDIR)"

.PHONY: install uninstall deb test-systemd

# Installs what `make publish` built; publishes only when nothing was built, so no SDK is needed to install.
install:
	@if [ ! -x $(PUBLISH_DIR)/camstreamd ]; then $(MAKE) publish; fi
	@$(INSTALL_ENV) bash deploy/install.sh install $(PUBLISH_DIR) config/appsettings.json

# Removes what install put there; keeps /etc/camstreamd/appsettings.json.
uninstall:
	@$(INSTALL_ENV) bash deploy/install.sh uninstall

# A self-contained .deb for $(RID) (linux-x64 or linux-arm64) into $(ARTIFACTS)/.
deb: deps check-rid aot-deps
	@$(RESTORE_FOR_RID)
	$(DOTNET) publish $(APP_PROJECT) $(PUBLISH_FLAGS) -o $(DEB_PUBLISH_DIR)
	@bash deploy/deb/build-deb.sh $(DEB_PUBLISH_DIR) config/appsettings.json $(RID) $(VERSION) $(ARTIFACTS)

# The service under a real systemd in vivid-vm: `make install` in one VM, the .deb in another.
test-systemd: vivid-deps publish deb
	VIVID_VM=tests/vm/vivid-vm VIVID_VM_TOOL=$(VIVID_VM) bash tests/systemd/run.sh

# --- Raspberry Pi: the arm64 package, built on every run and run on an emulated arm64 machine (issue #13) ---
# The same sources and publish settings as the amd64 package, for RID=linux-arm64 (tests/arm64/run.sh says
# what runs). The cross compiler builds v4l2loopback for the arm64 guest kernel: an MJPEG camera there.
ARM64_TEST_PACKAGES := gcc-aarch64-linux-gnu

.PHONY: test-arm64

test-arm64: vivid-deps-arm64
	@bash deploy/scripts/ensure-packages.sh $(ARM64_TEST_PACKAGES)
	$(MAKE) deb RID=linux-arm64
	VIVID_VM=tests/vm/vivid-vm VIVID_VM_TOOL=$(VIVID_VM) bash tests/arm64/run.sh

# Not a test (`make bench` runs it last): CPU per frame against Debian's arm64 ustreamer in one
# `vivid-vm --arch arm64` boot, as bench/v4l2-vm-cpu.sh does on amd64.
.PHONY: bench-arm64
bench-arm64: vivid-deps-arm64
	@bash deploy/scripts/ensure-packages.sh $(ARM64_TEST_PACKAGES) libc6-dev-arm64-cross
	$(MAKE) deb RID=linux-arm64
	bash bench/v4l2-vm-cpu-arm64.sh

# --- V4L2 against real devices (issue #3; tests/Camstreamd.V4l2.Tests, traits Requires=vivid) ---
# One VM boot for all device tests: three vivid instances with only a capture node each:
# /dev/video0 single-planar webcam, /dev/video1 multi-planar webcam, /dev/video2 HDMI input (DV timings).
# Built on the host (MSBuild over 9p crawls), run inside; needs `vivid-vm --install --loopback` once, as root.
VIVID_VM ?= ../shared/tools/vivid-vm
# The test targets boot through tests/vm/vivid-vm: the same tool, booted once more when the guest kernel dies before
# the command starts (an emulated machine's boot crash, seen once in CI); a failure after that is never retried.
VIVID_VM_TEST = VIVID_VM_TOOL=$(VIVID_VM) tests/vm/vivid-vm
VIVID_OPTS := node_types=0x1,0x1,0x1 multiplanar=1,2,1 input_types=0xe4,0xe4,0x3
VIVID_TEST_DIR := $(CURDIR)/$(ARTIFACTS)/vivid-tests
# /dev/video10: an MJPEG camera made of v4l2loopback fed by ffmpeg (needs `vivid-vm --install --loopback` once).
# As many buffers as the source requests (Camera:BufferCount's default, 3): with more, v4l2loopback 0.12.7 corrupts
# its buffer list when the reader closes while ffmpeg writes (list_del corruption, the guest kernel panicked in a CI run).
VIVID_LOOPBACK := v4l2loopback video_nr=10 exclusive_caps=1 max_buffers=3

.PHONY: test-vivid

test-vivid: deps vivid-deps
	$(DOTNET) build tests/Camstreamd.V4l2.Tests/Camstreamd.V4l2.Tests.csproj -c $(CONFIGURATION) --nologo -v minimal --artifacts-path $(VIVID_TEST_DIR)
	$(VIVID_VM_TEST) --timeout 600 --devices 3 --vivid-opts '$(VIVID_OPTS)' --loopback --modprobe '$(VIVID_LOOPBACK)' -- \
		$(DOTNET_TEST) vivid $(DOTNET) test $(VIVID_TEST_DIR)/bin/Camstreamd.V4l2.Tests/$(shell echo $(CONFIGURATION) | tr A-Z a-z)/Camstreamd.V4l2.Tests.dll \
		--filter "Requires=vivid" --logger "console;verbosity=normal"

# --- GPIO on a simulated chip (issue #14; tests/Camstreamd.V4l2.Tests/Gpio, trait Requires=gpio) ---
# One `vivid-vm --gpio` boot (trixie-backports kernel with gpio-sim and vivid; lines sim0..sim7) runs every GPIO test
# against the real daemon binary. Built on the host into the same directory as test-vivid.
.PHONY: test-gpio vivid-deps-gpio

# The gpio-sim kernel and libgpiod v2 (libgpiod3, gpiod) from bookworm-backports, and systemd for the service check;
# installs only what is missing.
vivid-deps-gpio:
	@if [ "$$(id -u)" -eq 0 ]; then $(VIVID_VM) --install --gpio --systemd; else sudo $(VIVID_VM) --install --gpio --systemd; fi

# The daemon under test is the Native AOT binary users install (System.Device.Gpio's trim warning is let through
# for it: see Camstreamd.csproj), through DaemonBinary. The same boot has systemd as PID 1: after the tests, the
# installed camstreamd.service drives the chip through its hardened unit (tests/systemd/gpio-test.sh).
test-gpio: deps vivid-deps-gpio
	$(DOTNET) build tests/Camstreamd.V4l2.Tests/Camstreamd.V4l2.Tests.csproj -c $(CONFIGURATION) --nologo -v minimal --artifacts-path $(VIVID_TEST_DIR)
	$(MAKE) publish
	$(VIVID_VM_TEST) --gpio --systemd --timeout 1200 -- bash tests/systemd/gpio-test.sh \
		$(VIVID_TEST_DIR)/bin/Camstreamd.V4l2.Tests/$(shell echo $(CONFIGURATION) | tr A-Z a-z)/Camstreamd.V4l2.Tests.dll $(CURDIR)/$(PUBLISH_DIR)/camstreamd

# --- Fuzzing (issue #15; not part of `make test`): every parser of bytes we do not control under afl-fuzz through
# SharpFuzz, one target after another, FUZZ_SECONDS each; corpus in tests/fuzz/corpus, findings and counts in
# artifacts/fuzz (summary.tsv). FUZZ_TARGETS picks some. Results and how a crash becomes a test: docs/fuzzing.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_PACKAGES := afl++

.PHONY: fuzz

fuzz:
	@bash deploy/scripts/ensure-packages.sh $(FUZZ_PACKAGES)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_TARGETS)
