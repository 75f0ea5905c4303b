// Command s3 is the S3-compatible stand-in for ClusterCord's tests: gofakes3
// (in memory) on 127.0.0.1, with one bucket made at start and every request's
// AWS Signature Version 4 checked against the one access key it is given, so
// tests of the S3 blob store also prove that its requests are signed right.
//
// Usage: S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=... s3 -bucket NAME [-region us-east-1] [-port 0]
// Prints "listening on 127.0.0.1:PORT" once it accepts connections.
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	bucket := flag.String("bucket", "clustercord-test", "bucket to create at start")
	region := flag.String("region", "us-east-1", "region the signatures must name")
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: any free port)")
	flag.Parse()
	accessKey, secretKey := os.Getenv("S3_ACCESS_KEY_ID"), os.Getenv("S3_SECRET_ACCESS_KEY")
	if accessKey == "" || secretKey == "" {
		log.Fatal("set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY")
	}

	backend := s3mem.New()
	if err := backend.CreateBucket(*bucket); err != nil {
		log.Fatalf("create bucket %s: %v", *bucket, err)
	}
	faker := gofakes3.New(backend, gofakes3.WithoutVersioning())
	checker := &sigV4{accessKey: accessKey, secretKey: secretKey, region: *region}

	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", listener.Addr().String())
	log.Fatal(http.Serve(listener, checker.wrap(faker.Server())))
}

type sigV4 struct{ accessKey, secretKey, region string }

func (s *sigV4) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, msg := s.check(r); code != "" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message></Error>", code, msg)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// check returns an S3 error code and message when the request is not signed by the one key.
func (s *sigV4) check(r *http.Request) (string, string) {
	auth := r.Header.Get("Authorization")
	const algo = "AWS4-HMAC-SHA256 "
	if !strings.HasPrefix(auth, algo) {
		return "AccessDenied", "requests must be signed with AWS Signature Version 4"
	}
	fields := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(auth, algo), ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok {
			fields[k] = v
		}
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || scope[3] != "s3" {
		return "AuthorizationHeaderMalformed", "bad credential scope"
	}
	if scope[0] != s.accessKey {
		return "InvalidAccessKeyId", "unknown access key"
	}
	if scope[2] != s.region {
		return "AuthorizationHeaderMalformed", "wrong region in the credential scope"
	}
	payloadHash := r.Header.Get("X-Amz-Content-Sha256")
	if payloadHash == "" {
		return "InvalidRequest", "missing x-amz-content-sha256"
	}
	if payloadHash != "UNSIGNED-PAYLOAD" {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return "IncompleteBody", "could not read the body"
		}
		sum := sha256.Sum256(body)
		if hex.EncodeToString(sum[:]) != payloadHash {
			return "XAmzContentSHA256Mismatch", "the body does not match x-amz-content-sha256"
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}

	signed := strings.Split(fields["SignedHeaders"], ";")
	var headers strings.Builder
	for _, h := range signed {
		value := r.Header.Get(h)
		if h == "host" {
			value = r.Host
		} else if vs := r.Header.Values(h); len(vs) > 1 {
			value = strings.Join(vs, ",")
		}
		headers.WriteString(h + ":" + strings.Join(strings.Fields(value), " ") + "\n")
	}
	canonical := strings.Join([]string{
		r.Method,
		r.URL.EscapedPath(),
		canonicalQuery(r.URL.Query()),
		headers.String(),
		fields["SignedHeaders"],
		payloadHash,
	}, "\n")
	digest := sha256.Sum256([]byte(canonical))
	toSign := strings.Join([]string{
		"AWS4-HMAC-SHA256",
		r.Header.Get("X-Amz-Date"),
		strings.Join(scope[1:], "/"),
		hex.EncodeToString(digest[:]),
	}, "\n")
	key := mac([]byte("AWS4"+s.secretKey), scope[1])
	for _, part := range scope[2:] {
		key = mac(key, part)
	}
	want := hex.EncodeToString(mac(key, toSign))
	if !hmac.Equal([]byte(want), []byte(fields["Signature"])) {
		return "SignatureDoesNotMatch", "the request signature does not match"
	}
	return "", ""
}

func mac(key []byte, data string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(data))
	return h.Sum(nil)
}

func canonicalQuery(q url.Values) string {
	parts := []string{}
	for k, vs := range q {
		for _, v := range vs {
			parts = append(parts, uriEncode(k)+"="+uriEncode(v))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

func uriEncode(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
