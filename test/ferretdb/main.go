// Command ferretdb runs an embedded FerretDB v1 (MongoDB wire protocol server)
// backed by SQLite, so tests can run against a real MongoDB-protocol server on
// machines where MongoDB itself cannot be installed.
//
// It uses the embeddable package github.com/FerretDB/FerretDB/ferretdb, not the
// cmd/ferretdb binary. Notes verified against the v1.24.2 module source:
//
//   - Telemetry: ferretdb.New creates an in-memory state provider
//     (state.NewProvider("")) and sets s.DisableTelemetry() and
//     s.TelemetryLocked = true; the telemetry reporter is only ever constructed
//     by cmd/ferretdb, never by the embeddable package. So telemetry is off and
//     nothing is sent anywhere; no extra configuration is needed here.
//   - Version files: build/version's init only reads version.txt/commit.txt
//     (and panics if they are missing) when the main module is
//     github.com/FerretDB/FerretDB itself. For any other main module (this one)
//     it returns early with Version "unknown", so no panic and no build tags or
//     ldflags are needed.
//   - ferretdb.New binds the TCP listener synchronously (net.Listen), so the
//     port accepts connections as soon as New returns.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	os.Exit(run())
}

func run() int {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free port)")
	stateDir := flag.String("state-dir", "", "directory for SQLite database files (default: fresh temp dir, removed on exit)")
	logLevel := flag.String("log-level", "error", "log level: debug, info, warn, error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: invalid -log-level %q: %v\n", *logLevel, err)
		return 2
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	dir := *stateDir
	removeDir := false

	if dir == "" {
		d, err := os.MkdirTemp("", "ferretdb-state-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb: creating temp state dir: %v\n", err)
			return 1
		}

		dir = d
		removeDir = true

		defer os.RemoveAll(dir)
	}

	abs, err := filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		return 1
	}

	// FerretDB re-emits the decoded path unescaped (url.URL.Opaque), so '?', '#'
	// and '%' in the directory name would corrupt the SQLite DSN: reject them.
	if strings.ContainsAny(abs, "?#%") {
		fmt.Fprintf(os.Stderr, "ferretdb: -state-dir %q must not contain '?', '#' or '%%'\n", abs)
		return 2
	}

	if err = os.MkdirAll(abs, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: creating state dir: %v\n", err)
		return 1
	}

	// First SIGINT/SIGTERM: graceful shutdown. FerretDB closes the listener at
	// once, but gives already connected clients up to 3 s to disconnect before
	// closing their connections, so with an open client pool shutdown takes ~3 s.
	// Second signal: remove the temp state dir and exit(1) immediately.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	sigCh := make(chan os.Signal, 2)
	signal.Notify(sigCh, syscall.SIGINT, syscall.SIGTERM)

	go func() {
		<-sigCh
		cancel()
		<-sigCh
		fmt.Fprintln(os.Stderr, "ferretdb: second signal, exiting immediately")
		if removeDir {
			_ = os.RemoveAll(dir)
		}
		os.Exit(1)
	}()

	// The SQLite handler requires a "file:" URI pointing to an existing
	// directory and ending with "/"; each database is one .sqlite file in it.
	sqliteURL := "file:" + strings.TrimSuffix(abs, "/") + "/"

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{
			TCP: *listenAddr,
		},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		return 1
	}

	done := make(chan error, 1)

	go func() {
		done <- f.Run(ctx)
	}()

	fmt.Printf("ferretdb listening on %s\n", f.MongoDBURI())

	if err = <-done; err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		return 1
	}

	return 0
}
