import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
let t=performance.now();
const db = new PGlite();
await db.waitReady; console.log('init', performance.now()-t);
t=performance.now();
const blob = await db.dumpDataDir('gzip'); console.log('dump gz', blob.size, performance.now()-t);
const blob2 = await db.dumpDataDir('none'); console.log('dump none', blob2.size);
fs.writeFileSync('/tmp/probe/snap.tgz', Buffer.from(await blob.arrayBuffer()));
const notices=[];
const r = await db.exec(`CREATE TABLE t(a int, "<b>x</b>" text); INSERT INTO t VALUES (1,null),(2,'<img src=x onerror=alert(1)>'); SELECT * FROM t; DO $$BEGIN RAISE NOTICE 'hi %', 1; RAISE WARNING 'w'; END$$; UPDATE t SET a=a+1; BEGIN; COMMIT; SELECT 1 as x, 2 as x`, {onNotice: n=>notices.push(n)});
console.log(JSON.stringify(r,null,0)); console.log(notices.map(n=>({...n})));
try { await db.exec(`SELECT 1; SELEC 2;`) } catch(e) { console.log(Object.keys(e), e.code, e.position, e.message, e.severity, typeof e.position) }
try { await db.exec(`BEGIN; SELECT 1/0; SELECT 2;`) } catch(e) { console.log(e.code, e.message, db.isInTransaction()) }
try { await db.exec(`SELECT 3`) } catch(e) { console.log('after', e.code, e.message) }
await db.exec('ROLLBACK'); console.log(db.isInTransaction());
t=performance.now();
const db2 = new PGlite({loadDataDir: new Blob([fs.readFileSync('/tmp/probe/snap.tgz')])});
await db2.waitReady; console.log('from snap', performance.now()-t);
t=performance.now(); await db2.exec('select 1'); console.log('first q', performance.now()-t);
t=performance.now(); await db2.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`); console.log('reset', performance.now()-t);
const r2 = await db2.exec(`select pg_sleep(0.1); select version()`); console.log(r2[1].rows);
