Scheduler.v
Mac.v
Requantizer.v
ComputeLane.v
ProcessingElement.v
SnapeaArray.v
