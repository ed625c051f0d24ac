import type { DashboardView } from '../ui/model.js';
import type { ViewSource } from '../ui/view-source.js';
import { buildView } from './build-view.js';
import type { CallMeter } from './call-meter.js';
import type { ChannelReader } from './channel-reader.js';

/** The live dashboard's data: a budgeted channel reader, reduced on each tick. */
export class ChannelSource implements ViewSource {
  constructor(
    private readonly reader: ChannelReader,
    private readonly meter: CallMeter,
  ) {}

  async refresh(): Promise<void> {
    await this.reader.refresh();
  }

  view(now: number): DashboardView {
    return buildView(this.reader.snapshot, now, this.meter.rows(now * 1000));
  }
}
