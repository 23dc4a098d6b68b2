package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// The files `certs` makes. A CA made for this installation signs a server certificate (the Temporal
// services, for their listeners and as their client certificate to one another) and a client
// certificate (the worker, the API server, the reconcile command). Keys are written with mode 600 in
// a folder of mode 700; the CA key stays there to issue further client certificates.
const (
	caCertFile     = "ca.pem"
	caKeyFile      = "ca-key.pem"
	serverCertFile = "server.pem"
	serverKeyFile  = "server-key.pem"
	clientCertFile = "client.pem"
	clientKeyFile  = "client-key.pem"
	// The name clients check the server's certificate for (besides 127.0.0.1 and ::1).
	serverName = "localhost"
	validFor   = 10 * 365 * 24 * time.Hour
)

func ensureCerts(dir string) error {
	// Only the folder itself is private: MkdirAll would make its parents mode 700 too, and the data
	// folder above must stay traversable for PostgreSQL's own user.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	all := []string{caCertFile, caKeyFile, serverCertFile, serverKeyFile, clientCertFile, clientKeyFile}
	present := 0
	for _, f := range all {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			present++
		}
	}
	if present == len(all) {
		return nil
	}
	if present != 0 {
		return fmt.Errorf("%s holds only some of %v: delete the folder to make a new CA (every client then needs the new client certificate)", dir, all)
	}

	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now().Add(-time.Hour)
	caTemplate := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "chidao Temporal CA " + now.Format("2006-01-02T15:04:05Z")},
		NotBefore:             now,
		NotAfter:              now.Add(validFor),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	issue := func(cn string, usages []x509.ExtKeyUsage, server bool) ([]byte, *ecdsa.PrivateKey, error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		t := &x509.Certificate{
			SerialNumber: serial(),
			Subject:      pkix.Name{CommonName: cn},
			NotBefore:    now,
			NotAfter:     now.Add(validFor),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  usages,
		}
		if server {
			t.DNSNames = []string{serverName}
			t.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
		}
		der, err := x509.CreateCertificate(rand.Reader, t, ca, &key.PublicKey, caKey)
		return der, key, err
	}
	serverDER, serverKey, err := issue("chidao temporal server", []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, true)
	if err != nil {
		return err
	}
	clientDER, clientKey, err := issue("chidao temporal client", []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, false)
	if err != nil {
		return err
	}

	// Keys first and the CA certificate last, each through a temporary file: a folder with all six
	// files is complete.
	for _, f := range []struct {
		name  string
		block string
		der   []byte
		key   *ecdsa.PrivateKey
	}{
		{caKeyFile, "", nil, caKey},
		{serverKeyFile, "", nil, serverKey},
		{clientKeyFile, "", nil, clientKey},
		{serverCertFile, "CERTIFICATE", serverDER, nil},
		{clientCertFile, "CERTIFICATE", clientDER, nil},
		{caCertFile, "CERTIFICATE", caDER, nil},
	} {
		block, der, mode := f.block, f.der, os.FileMode(0o644)
		if f.key != nil {
			block, mode = "PRIVATE KEY", 0o600
			if der, err = x509.MarshalPKCS8PrivateKey(f.key); err != nil {
				return err
			}
		}
		if err := writeAtomically(filepath.Join(dir, f.name), pem.EncodeToMemory(&pem.Block{Type: block, Bytes: der}), mode); err != nil {
			return err
		}
	}
	return nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(err)
	}
	return n
}

func writeAtomically(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
