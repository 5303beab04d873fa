package sitebuild

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// fullDisk fails every file written under dir with ENOSPC.
type fullDisk struct {
	afero.Fs
	dir string
}

func (f fullDisk) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) != 0 && strings.HasSuffix(name, ".html") && strings.HasPrefix(name, f.dir) {
		return nil, &os.PathError{Op: "open", Path: name, Err: syscall.ENOSPC}
	}
	return f.Fs.OpenFile(name, flag, perm)
}

func (f fullDisk) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// A disk that is full fails every page: past ten errors Hugo stops, and its
// page walker could then wait forever on workers that had left. The build
// fails within a bounded time, saying why.
func TestBuildOnAFullDiskReturnsSaying(t *testing.T) {
	s := goodSite()
	for i := range 200 {
		s[fmt.Sprintf("content/docs/p%03d.md", i)] = fmt.Sprintf("---\ntitle: P%d\n---\nBody.\n", i)
	}
	dir := s.write(t)
	out := filepath.Join(t.TempDir(), "public")
	for try := range 3 { // the hang was a race: try it a few times
		done := make(chan error, 1)
		go func() {
			_, err := Build(context.Background(), Options{Source: dir, Destination: out, DestFs: fullDisk{afero.NewOsFs(), out}})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "no space left on device") {
				t.Fatalf("try %d: err = %v, want one saying the disk is full", try, err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("try %d: the build hangs on a full disk", try)
		}
	}
}
