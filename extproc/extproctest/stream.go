package extproctest

import (
	"context"
	"sync"
	"time"

	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/service/ext_proc/v3"
	"google.golang.org/grpc"
)

// procStream is one ext_proc gRPC stream. A goroutine receives into an
// unbounded queue so that the driver can keep sending STREAMED chunks while
// answers pile up, as Envoy does, without either side blocking on flow
// control.
type procStream struct {
	stream grpc.BidiStreamingClient[extprocv3.ProcessingRequest, extprocv3.ProcessingResponse]
	cancel context.CancelFunc

	mu     sync.Mutex
	queue  []recvItem
	signal chan struct{}
	done   chan struct{}
}

type recvItem struct {
	resp *extprocv3.ProcessingResponse
	err  error
}

// openStream opens a stream that ends when ctx does. The stream does not
// inherit ctx's deadline, which gRPC would pass to the server: Envoy bounds
// each message with its message timeout, not the stream.
func openStream(ctx context.Context, client extprocv3.ExternalProcessorClient) (*procStream, error) {
	sctx, cancelStream := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, cancelStream)
	cancel := func() {
		stop()
		cancelStream()
	}
	s, err := client.Process(sctx)
	if err != nil {
		cancel()
		return nil, err
	}
	p := &procStream{stream: s, cancel: cancel, signal: make(chan struct{}, 1), done: make(chan struct{})}
	go p.receive()
	return p, nil
}

func (p *procStream) receive() {
	defer close(p.done)
	for {
		resp, err := p.stream.Recv()
		p.mu.Lock()
		p.queue = append(p.queue, recvItem{resp: resp, err: err})
		p.mu.Unlock()
		select {
		case p.signal <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// next returns the next received item. timedOut is true when deadline
// passed first; err is the context's error when ctx ended first. A zero
// deadline waits without limit.
func (p *procStream) next(ctx context.Context, deadline time.Time) (item recvItem, timedOut bool, err error) {
	var timeout <-chan time.Time
	if !deadline.IsZero() {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timeout = t.C
	}
	for {
		p.mu.Lock()
		if len(p.queue) > 0 {
			item = p.queue[0]
			p.queue = p.queue[1:]
			p.mu.Unlock()
			return item, false, nil
		}
		p.mu.Unlock()
		select {
		case <-p.signal:
		case <-timeout:
			return recvItem{}, true, nil
		case <-ctx.Done():
			return recvItem{}, false, ctx.Err()
		}
	}
}

// close half-closes the stream, cancels it and waits for the receiving
// goroutine to end.
func (p *procStream) close() {
	_ = p.stream.CloseSend()
	p.cancel()
	<-p.done
}
