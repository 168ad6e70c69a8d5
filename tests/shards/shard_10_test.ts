// One shard of the suite: see tests/_support/test_shard.ts.
import { importShard } from "../_support/test_shard.ts";

await importShard(import.meta.url);
