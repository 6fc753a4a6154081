package store

import "sync"

// writer runs the statements of an import on a goroutine of its own, one
// after the other in the order they were sent, so that the database
// executes one batch while the import stages the next. On PostgreSQL the
// importer and the server each waited for the other: at 1,000,000
// generated objects the server spent 32 s on the statements and the
// importer 21 s of CPU, about the import's whole time added up.
//
// Everything goes through the import's one transaction, so the order is
// the order of the statements on its connection: a read sent after a
// batch sees what the batch wrote. A read whose answer is needed at once
// waits for the statements sent before it (wait), then runs on the
// caller's goroutine, the writer then being idle.
//
// Once a job fails the writer skips the jobs sent after it, and every
// later send and wait returns that failure: the import ends there and its
// transaction is rolled back whole.
type writer struct {
	jobs    chan job
	stopped chan struct{} // closed when the goroutine has returned

	mu     sync.Mutex
	failed error // the first failure
}

// job is a piece of work for the writer.
type job struct {
	run  func() error
	done chan struct{} // closed once run, or skipped after a failure; may be nil
}

// writerQueue is how many jobs may wait for the writer (the batch sent
// before, lookups of the objects to come): a sender waits when it is
// full, so an import stays at most that far ahead of the database.
const writerQueue = 4

func startWriter() *writer {
	w := &writer{jobs: make(chan job, writerQueue), stopped: make(chan struct{})}
	go w.loop()
	return w
}

func (w *writer) loop() {
	defer close(w.stopped)
	for j := range w.jobs {
		if w.err() == nil {
			if err := j.run(); err != nil {
				w.mu.Lock()
				w.failed = err
				w.mu.Unlock()
			}
		}
		if j.done != nil {
			close(j.done)
		}
	}
}

// err returns the first failure of a job so far.
func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failed
}

// send queues j, or returns the failure that ends the import.
func (w *writer) send(j job) error {
	if err := w.err(); err != nil {
		if j.done != nil {
			close(j.done)
		}
		return err
	}
	w.jobs <- j
	return nil
}

// wait returns once every job sent has run, with the first failure.
func (w *writer) wait() error {
	done := make(chan struct{})
	if err := w.send(job{run: func() error { return nil }, done: done}); err != nil {
		return err
	}
	<-done
	return w.err()
}

// stop waits for the jobs sent, ends the goroutine and returns the first
// failure. Later calls return it again.
func (w *writer) stop() error {
	if w.jobs != nil {
		close(w.jobs)
		<-w.stopped
		w.jobs = nil
	}
	return w.err()
}
