// Inside GpuRay.Core the scheduler speaks of tasks: a task is the ref of its result (one object per task), and
// TaskRecord names that ref seen as a task.
global using TaskRecord = GpuRay.Objects.ObjectRef;
