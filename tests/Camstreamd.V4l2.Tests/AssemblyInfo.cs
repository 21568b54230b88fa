// The device tests share vivid devices: a format change while another test streams would fail with EBUSY.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
