package pdf

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestFindChromeNamed(t *testing.T) {
	_, err := FindChrome(func(k string) string {
		if k == "QMSPLAN_CHROME" {
			return "qmsplan-no-such-browser"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "QMSPLAN_CHROME=qmsplan-no-such-browser") {
		t.Errorf("FindChrome with a missing $QMSPLAN_CHROME: %v, want an error naming it", err)
	}
}

// A browser that does not start fails within the bound, saying what to
// install; it never hangs.
func TestStartNotABrowser(t *testing.T) {
	start := time.Now()
	b, err := Start(context.Background(), "/bin/false")
	if err == nil {
		b.Close()
		t.Fatal("Start(/bin/false) succeeded")
	}
	if !strings.Contains(err.Error(), "apt-get install chromium") || time.Since(start) > startTimeout+5*time.Second {
		t.Errorf("Start(/bin/false) after %s: %v; want an error saying what to install, in time", time.Since(start), err)
	}
}

// A page that never finishes loading fails within the page's bound,
// saying so; the browser goes on printing other pages.
func TestPrintSlowPage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe, err := FindChrome(os.Getenv)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not installed (CI is set, so this is a failure): %s", Install)
		}
		t.Skipf("chromium not installed: %s", Install)
	}
	b, err := Start(context.Background(), exe)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-r.Context().Done() // never answers
			return
		}
		w.Write([]byte("<!DOCTYPE html><title>ok</title><p>fast"))
	}))
	defer srv.Close()
	tab, err := b.openTab("")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close()
	start := time.Now()
	_, err = tab.print(context.Background(), job{url: srv.URL + "/slow"}, 2*time.Second)
	if err == nil || !strings.Contains(err.Error(), "not done in 2s") || time.Since(start) > 10*time.Second {
		t.Errorf("printing a page that never loads, after %s: %v; want it to fail, saying it took too long", time.Since(start), err)
	}
	tab, err = b.openTab("")
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close()
	if _, err := tab.print(context.Background(), job{url: srv.URL + "/fast"}, 20*time.Second); err != nil {
		t.Errorf("the next page, after a slow one: %v", err)
	}
}
