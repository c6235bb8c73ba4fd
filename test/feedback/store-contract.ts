import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedbackStore, VoteEvent } from '../../src/feedback/port.js';
import { hashUserId } from '../../src/feedback/user-hash.js';

/** A backend the contract runs against: the in-memory fake, SQLite, Redis. */
export interface ContractBackend {
  /** Empties the backend; called before each test. */
  reset(): Promise<void>;
  /** Opens a store on the backend; a second call is a second process sharing it. */
  open(salt?: string): Promise<FeedbackStore>;
}

const SALT = 'contract-salt';

function vote(p: Partial<VoteEvent> = {}): VoteEvent {
  return { platform: 'discord', userId: 'U1', trackId: 'T1', tmdbId: 10, value: 'up', at: 1000, ...p };
}

/** The behaviour every feedback store must show, whatever it is backed by. */
export function feedbackStoreContract(name: string, backend: () => ContractBackend): void {
  describe(`feedback store contract: ${name}`, () => {
    const opened: FeedbackStore[] = [];
    const open = async (salt = SALT) => {
      const s = await backend().open(salt);
      opened.push(s);
      return s;
    };
    beforeEach(async () => {
      await backend().reset();
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('GIVEN impressions and votes THEN lists them back with hashed user ids and times', async () => {
      const store = await open();
      await store.impression({
        platform: 'slack',
        userId: 'U-raw-42',
        trackId: 'T1',
        tmdbIds: [10, 11, 12, 13, 14],
        context: 'C1/m1',
        at: 500,
      });
      await store.impression({
        platform: 'web',
        userId: 'w',
        trackId: 'T1',
        tmdbIds: [15],
        firstRank: 6,
        at: 600,
      });
      await store.vote(vote({ platform: 'slack', userId: 'U-raw-42', tmdbId: 11, value: 'down' }));
      expect(await store.flush()).toBe(true);
      const [imps, votes] = [await store.listImpressions(), await store.listVotes()];
      expect(imps).toHaveLength(2);
      expect(imps[1]).toMatchObject({ trackId: 'T1', tmdbIds: [15], firstRank: 6 });
      expect(imps[0]?.firstRank).toBeUndefined();
      expect(imps[0]).toMatchObject({
        platform: 'slack',
        trackId: 'T1',
        tmdbIds: [10, 11, 12, 13, 14],
        at: 500,
      });
      expect(imps[0]?.context).toBe('C1/m1');
      expect(votes).toEqual([
        {
          platform: 'slack',
          userHash: hashUserId(SALT, 'slack', 'U-raw-42'),
          trackId: 'T1',
          tmdbId: 11,
          value: 'down',
          at: 1000,
        },
      ]);
      expect(JSON.stringify([imps, votes])).not.toContain('U-raw-42');
    });

    it('GIVEN a later vote by the same user on the same pair THEN it replaces the earlier one', async () => {
      const store = await open();
      await store.vote(vote({ value: 'up', at: 1000 }));
      await store.vote(vote({ value: 'down', at: 2000 }));
      await store.vote(vote({ userId: 'U2', value: 'up', at: 1500 }));
      await store.vote(vote({ tmdbId: 11, value: 'up', at: 1600 }));
      expect(await store.flush()).toBe(true);
      const votes = await store.listVotes();
      expect(votes).toHaveLength(3);
      const mine = votes.find((v) => v.userHash === hashUserId(SALT, 'discord', 'U1') && v.tmdbId === 10);
      expect(mine).toMatchObject({ value: 'down', at: 2000 });
    });

    it('GIVEN two processes on one store THEN the later vote wins whichever writes last', async () => {
      const a = await open();
      const b = await open();
      await b.vote(vote({ value: 'down', at: 3000 }));
      expect(await b.flush()).toBe(true);
      // A's vote is older but reaches the store after B's (say, queued through an outage).
      await a.vote(vote({ value: 'up', at: 2000 }));
      expect(await a.flush()).toBe(true);
      const votes = await a.listVotes();
      expect(votes).toHaveLength(1);
      expect(votes[0]).toMatchObject({ value: 'down', at: 3000 });
      await a.vote(vote({ value: 'up', at: 4000 }));
      expect(await a.flush()).toBe(true);
      expect((await b.listVotes())[0]).toMatchObject({ value: 'up', at: 4000 });
    });

    it('GIVEN `since` THEN only records at or after it are listed', async () => {
      const store = await open();
      for (const at of [100, 200, 300]) {
        await store.impression({ platform: 'web', userId: 'w', trackId: `T${at}`, tmdbIds: [1], at });
        await store.vote(vote({ trackId: `T${at}`, at }));
      }
      expect(await store.flush()).toBe(true);
      expect((await store.listImpressions(200)).map((i) => i.at)).toEqual([200, 300]);
      expect((await store.listVotes(250)).map((v) => v.trackId)).toEqual(['T300']);
      expect(await store.listVotes()).toHaveLength(3);
    });

    it('GIVEN feedback written and the store closed THEN a new process reads all of it', async () => {
      const first = await open();
      await first.vote(vote());
      for (let i = 0; i < 30; i++)
        await first.impression({ platform: 'cli', userId: 'u', trackId: 'T1', tmdbIds: [i], at: 10 + i });
      await first.close();
      const second = await open();
      expect(await second.listVotes()).toHaveLength(1);
      expect(await second.listImpressions()).toHaveLength(30);
      expect(second.stats()).toMatchObject({ queued: 0, dropped: 0 });
    });

    it('GIVEN another salt THEN the same user gets another hash (salts keep stores unlinkable)', async () => {
      const a = await open('salt-a');
      await a.vote(vote());
      expect(await a.flush()).toBe(true);
      const hashA = (await a.listVotes())[0]?.userHash;
      await backend().reset();
      const b = await open('salt-b');
      await b.vote(vote());
      expect(await b.flush()).toBe(true);
      const hashB = (await b.listVotes())[0]?.userHash;
      expect(hashA).toMatch(/^[0-9a-f]{32}$/);
      expect(hashB).toMatch(/^[0-9a-f]{32}$/);
      expect(hashA).not.toBe(hashB);
    });
  });
}
