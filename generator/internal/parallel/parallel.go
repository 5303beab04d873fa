// Package parallel runs independent work items on every core. Callers keep
// results by index, so the output order never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs f(0) ... f(n-1) on GOMAXPROCS goroutines and waits for them.
func For(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}
