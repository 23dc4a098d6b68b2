// Command temporal-server is the Temporal server `npm start` runs: the same single-process server as
// the Temporal CLI's `temporal server start-dev` (SQLite persistence, static membership, namespaces
// created at start), but every gRPC listener — the frontend and the internal services' ports —
// requires mutual TLS with certificates from a CA made for this installation. The dev server has no
// TLS options, and without them any local process can act on any workflow. There is no Web UI and no
// HTTP API.
//
//	temporal-server certs --dir DIR   make (once) ca.pem, server.pem, client.pem and their keys
//	temporal-server start --tls-dir DIR --db-filename FILE [--port 7233] ...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "certs":
		err = certsCommand(os.Args[2:])
	case "start":
		err = startCommand(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "temporal-server: %v\n", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: temporal-server certs --dir DIR | start --tls-dir DIR [flags]")
	os.Exit(2)
}

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func certsCommand(args []string) error {
	fs := flag.NewFlagSet("certs", flag.ExitOnError)
	dir := fs.String("dir", "", "folder for the CA, server and client certificates (made with mode 700)")
	_ = fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("certs: --dir is required")
	}
	return ensureCerts(*dir)
}

func startCommand(args []string) error {
	fs := flag.NewFlagSet("start", flag.ExitOnError)
	ip := fs.String("ip", "127.0.0.1", "address every service listens on")
	port := fs.Int("port", 7233, "frontend gRPC port")
	dbFile := fs.String("db-filename", "", "SQLite file (created with the schema if missing); empty: in memory")
	tlsDir := fs.String("tls-dir", "", "folder made by `certs` (required)")
	logLevel := fs.String("log-level", "warn", "debug, info, warn or error")
	var namespaces, pragmas, dynamic repeated
	fs.Var(&namespaces, "namespace", "namespace to create at start (repeatable; default: default)")
	fs.Var(&pragmas, "sqlite-pragma", "SQLite pragma name=value (repeatable)")
	fs.Var(&dynamic, "dynamic-config-value", "dynamic config key=JSON value (repeatable)")
	_ = fs.Parse(args)
	if *tlsDir == "" {
		return fmt.Errorf("start: --tls-dir is required: this server never listens without mutual TLS")
	}
	if len(namespaces) == 0 {
		namespaces = repeated{"default"}
	}
	if err := ensureCerts(*tlsDir); err != nil {
		return err
	}

	conf, err := buildConfig(*ip, *port, *dbFile, *tlsDir, pragmas, namespaces)
	if err != nil {
		return err
	}
	dyn := dynamicconfig.StaticClient{
		// As the CLI's dev server.
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
	}
	for _, kv := range dynamic {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--dynamic-config-value %q: want key=value", kv)
		}
		var value any
		if err := json.Unmarshal([]byte(v), &value); err != nil {
			value = v // a bare string
		}
		dyn[dynamicconfig.MakeKey(k)] = value
	}
	logger := log.NewZapLogger(log.BuildZapLogger(log.Config{Level: *logLevel, Format: "console"}))
	hosts := map[primitives.ServiceName]static.Hosts{}
	for _, name := range []primitives.ServiceName{primitives.FrontendService, primitives.HistoryService, primitives.MatchingService, primitives.WorkerService} {
		hosts[name] = static.SingleLocalHost(net.JoinHostPort(*ip, strconv.Itoa(conf.Services[string(name)].RPC.GRPCPort)))
	}
	server, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dyn),
	)
	if err != nil {
		return fmt.Errorf("building the server: %w", err)
	}
	if err := server.Start(); err != nil {
		return fmt.Errorf("starting the server: %w", err)
	}
	fmt.Fprintf(os.Stderr, "temporal-server: listening on %s (mutual TLS)\n", net.JoinHostPort(*ip, strconv.Itoa(*port)))
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	<-signals
	server.Stop()
	return nil
}

func buildConfig(ip string, port int, dbFile, tlsDir string, pragmas, namespaces []string) (*config.Config, error) {
	var conf config.Config
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = ip

	// Mutual TLS everywhere: the frontend (clients, and the server's own system worker) and the
	// history, matching and worker services' ports, which would otherwise take any caller's word.
	// The server certificate serves as the internal services' client certificate too.
	ca := []string{filepath.Join(tlsDir, caCertFile)}
	serverTLS := config.ServerTLS{
		CertFile:          filepath.Join(tlsDir, serverCertFile),
		KeyFile:           filepath.Join(tlsDir, serverKeyFile),
		ClientCAFiles:     ca,
		RequireClientAuth: true,
	}
	clientTLS := config.ClientTLS{ServerName: serverName, RootCAFiles: ca}
	conf.Global.TLS = config.RootTLS{
		Internode: config.GroupTLS{Server: serverTLS, Client: clientTLS},
		Frontend:  config.GroupTLS{Server: serverTLS, Client: clientTLS},
		SystemWorker: config.WorkerTLS{
			CertFile: filepath.Join(tlsDir, serverCertFile),
			KeyFile:  filepath.Join(tlsDir, serverKeyFile),
			Client:   clientTLS,
		},
	}

	conf.Persistence.DefaultStore = "sqlite-default"
	conf.Persistence.VisibilityStore = "sqlite-default"
	conf.Persistence.NumHistoryShards = 1
	sqlConf, err := buildSQLConfig(dbFile, pragmas, namespaces)
	if err != nil {
		return nil, err
	}
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sqlConf}}

	frontend := net.JoinHostPort(ip, strconv.Itoa(port))
	conf.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			// A new id each start, as the CLI's dev server does.
			clusterName: {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend, ClusterID: uuid.NewString()},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	conf.Services = map[string]config.Service{}
	for _, name := range []string{"frontend", "history", "matching", "worker"} {
		var svc config.Service
		svc.RPC.BindOnIP = ip
		if name == "frontend" {
			svc.RPC.GRPCPort = port // no HTTPPort: no HTTP API
		} else {
			p, err := freePort(ip)
			if err != nil {
				return nil, err
			}
			svc.RPC.GRPCPort = p
		}
		conf.Services[name] = svc
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = frontend
	return &conf, nil
}

const clusterName = "active"

func buildSQLConfig(dbFile string, pragmas, namespaces []string) (*config.SQL, error) {
	conf := config.SQL{PluginName: sqliteplugin.PluginName}
	if dbFile == "" {
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		conf.DatabaseName = strconv.FormatInt(time.Now().UnixNano(), 10)
	} else {
		conf.ConnectAttributes = map[string]string{"mode": "rwc"}
		conf.DatabaseName = dbFile
	}
	for _, kv := range pragmas {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("--sqlite-pragma %q: want name=value", kv)
		}
		conf.ConnectAttributes[k] = v
	}
	if dbFile != "" {
		if _, err := os.Stat(dbFile); os.IsNotExist(err) {
			if err := sqliteschema.SetupSchema(&conf); err != nil {
				return nil, fmt.Errorf("setting up the SQLite schema: %w", err)
			}
		}
	}
	configs := make([]*sqliteschema.NamespaceConfig, 0, len(namespaces))
	for _, ns := range namespaces {
		c, err := sqliteschema.NewNamespaceConfig(clusterName, ns, false, nil)
		if err != nil {
			return nil, err
		}
		configs = append(configs, c)
	}
	if err := sqliteschema.CreateNamespaces(&conf, configs...); err != nil {
		return nil, fmt.Errorf("creating namespaces: %w", err)
	}
	return &conf, nil
}

// freePort finds a port for an internal service (history, matching, worker) at random below the
// kernel's ephemeral range. A port the kernel hands out for a listen on port 0 lies in that range,
// where an outgoing connection of any process can take it before the service binds it, and the
// server then dies with "address already in use"; below the range only another process picking the
// same port by chance can take it.
func freePort(ip string) (int, error) {
	const first = 10000
	end := ephemeralRangeStart()
	if end-first >= 1000 {
		for attempt := 0; attempt < 100; attempt++ {
			port := first + rand.IntN(end-first)
			if usedPorts[port] {
				continue
			}
			l, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
			if err != nil {
				continue
			}
			l.Close()
			usedPorts[port] = true
			return port, nil
		}
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

var usedPorts = map[int]bool{}

// ephemeralRangeStart is the first port of Linux's ip_local_port_range (32768 when unknown).
func ephemeralRangeStart() int {
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if fields := strings.Fields(string(data)); len(fields) > 0 {
			if low, err := strconv.Atoi(fields[0]); err == nil && low > 1024 {
				return low
			}
		}
	}
	return 32768
}
