// Ranks that fail in the ways a job must survive: usage `faults.ts <mode>`.
//   exit:    rank 1 exits with code 3 while rank 0 waits in a barrier
//   sigkill: rank 1 kills itself with SIGKILL in the middle of a loop of all-reduces
//   hang:    rank 1 stops answering; rank 0's all-reduce ends with the group's timeout (8 s)
//   loop:    all ranks all-reduce forever (stopped by Ctrl-C)
import * as torch from 'tstorch';

const mode = process.argv[2];
const dist = torch.distributed;
// 'hang': a group timeout short enough for a test, long enough for both ranks to start on a loaded machine
dist.initProcessGroup({ backend: 'gloo', timeout: mode === 'hang' ? 8000 : 60000 });
const rank = dist.getRank();
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
console.log('ready');
if (mode === 'exit') {
  if (rank === 1) process.exit(3);
  dist.barrier();
} else if (mode === 'sigkill' || mode === 'loop') {
  const t = torch.ones([1000]);
  for (let i = 0; ; i++) {
    if (mode === 'sigkill' && rank === 1 && i === 20) process.kill(process.pid, 'SIGKILL');
    dist.allReduce(t);
    t.fill_(1);
  }
} else if (mode === 'hang') {
  if (rank === 1) sleep(30000);
  else dist.allReduce(torch.ones([4]));
}
