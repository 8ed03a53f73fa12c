Scheduler.v
Mac.v
Pau.v
Requantizer.v
ComputeLane.v
ProcessingElement.v
SnapeaArray.v
