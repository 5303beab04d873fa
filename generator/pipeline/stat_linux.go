package pipeline

import (
	"io/fs"
	"syscall"
)

// statOf is what says a file's bytes are as they were: its device, inode,
// size, modification and change times. The change time is set by the
// kernel at every write, truncation, rename or chmod, and no tool can set
// it back, as touch or rsync can the modification time.
func statOf(fi fs.FileInfo) (fileStat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	return fileStat{dev: uint64(st.Dev), ino: st.Ino, size: st.Size,
		mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, true
}
