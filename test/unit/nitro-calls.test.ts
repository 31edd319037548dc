import { describe, expect, it } from 'vitest';
import { readHaNodesCall, saveConfigCall, syncHaSslFilesCall } from '../../electron/services/nitro/appliance-calls.ts';
import {
  bindCertkeyCall,
  readAllBindingsCall,
  readVserverBindingsCall,
  unbindCertkeyCall,
} from '../../electron/services/nitro/certkey-binding-calls.ts';
import { nitroPath, type NitroCall } from '../../electron/services/nitro/nitro-call.ts';
import { loginCall, logoutCall, switchPartitionCall } from '../../electron/services/nitro/session-calls.ts';
import {
  addCertkeyCall,
  changeCertkeyCall,
  deleteCertkeyCall,
  linkCertkeyCall,
  readCertkeyCall,
  unlinkCertkeyCall,
} from '../../electron/services/nitro/sslcertkey-calls.ts';
import { deleteFileCall, listFilesCall, readFileCall, uploadFileCall } from '../../electron/services/nitro/systemfile-calls.ts';

/** Each request as the NITRO documentation writes it: method, path with query, body. */
function request(call: NitroCall): string {
  return `${call.method} ${nitroPath(call)}${call.body !== undefined ? ` ${JSON.stringify(call.body)}` : ''}`;
}

describe('NITRO requests', () => {
  it('session: login with a timeout, partition switch, logout', () => {
    expect(request(loginCall('nsroot', 'pw', 900))).toBe(
      'POST /nitro/v1/config/login {"login":{"username":"nsroot","password":"pw","timeout":900}}',
    );
    expect(request(loginCall('nsroot', 'pw'))).toBe('POST /nitro/v1/config/login {"login":{"username":"nsroot","password":"pw"}}');
    expect(request(switchPartitionCall('p1'))).toBe(
      'POST /nitro/v1/config/nspartition?action=Switch {"nspartition":{"partitionname":"p1"}}',
    );
    expect(request(logoutCall())).toBe('POST /nitro/v1/config/logout {"logout":{}}');
  });

  it('files: filelocation without the trailing slash, names in the path only for a delete', () => {
    const folder = '/nsconfig/partitions/p1/ssl/';
    expect(request(listFilesCall(folder))).toBe('GET /nitro/v1/config/systemfile?args=filelocation:%2Fnsconfig%2Fpartitions%2Fp1%2Fssl');
    expect(request(readFileCall('/nsconfig/ssl/', 'a.cer'))).toBe(
      'GET /nitro/v1/config/systemfile?args=filename:a.cer,filelocation:%2Fnsconfig%2Fssl',
    );
    expect(request(uploadFileCall('/nsconfig/ssl/', 'a.cer', 'QUJD'))).toBe(
      'POST /nitro/v1/config/systemfile {"systemfile":{"filename":"a.cer","filelocation":"/nsconfig/ssl","filecontent":"QUJD","fileencoding":"BASE64"}}',
    );
    expect(request(deleteFileCall('/nsconfig/ssl/', 'a.cer'))).toBe(
      'DELETE /nitro/v1/config/systemfile/a.cer?args=filelocation:%2Fnsconfig%2Fssl',
    );
  });

  it('certkeys: add, change in place, link, unlink, delete, read', () => {
    expect(request(addCertkeyCall({ certkey: 'ck', cert: 'a.cer', key: 'a.key', inform: 'PEM' }))).toBe(
      'POST /nitro/v1/config/sslcertkey {"sslcertkey":{"certkey":"ck","cert":"a.cer","key":"a.key","inform":"PEM"}}',
    );
    expect(request(changeCertkeyCall({ certkey: 'ck', cert: 'b.cer', key: 'b.key', inform: 'PEM', nodomaincheck: true }))).toBe(
      'POST /nitro/v1/config/sslcertkey?action=update {"sslcertkey":{"certkey":"ck","cert":"b.cer","key":"b.key","inform":"PEM","nodomaincheck":true}}',
    );
    expect(request(linkCertkeyCall('ck', 'ca'))).toBe(
      'POST /nitro/v1/config/sslcertkey?action=link {"sslcertkey":{"certkey":"ck","linkcertkeyname":"ca"}}',
    );
    expect(request(unlinkCertkeyCall('ck'))).toBe('POST /nitro/v1/config/sslcertkey?action=unlink {"sslcertkey":{"certkey":"ck"}}');
    expect(request(deleteCertkeyCall('my ck'))).toBe('DELETE /nitro/v1/config/sslcertkey/my%20ck');
    expect(request(readCertkeyCall('ck'))).toBe('GET /nitro/v1/config/sslcertkey/ck');
  });

  it('bindings: the delete names the binding by the flags it was made with', () => {
    const sni = { vserver: 'vs1', certkey: 'ck', sni: true };
    expect(request(bindCertkeyCall(sni))).toBe(
      'PUT /nitro/v1/config/sslvserver_sslcertkey_binding {"sslvserver_sslcertkey_binding":{"vservername":"vs1","certkeyname":"ck","snicert":true}}',
    );
    expect(request(unbindCertkeyCall(sni))).toBe(
      'DELETE /nitro/v1/config/sslvserver_sslcertkey_binding/vs1?args=certkeyname:ck,snicert:true',
    );
    const ca = { vserver: 'vs1', certkey: 'root', sni: false, ca: true };
    expect(request(bindCertkeyCall(ca))).toBe(
      'PUT /nitro/v1/config/sslvserver_sslcertkey_binding {"sslvserver_sslcertkey_binding":{"vservername":"vs1","certkeyname":"root","snicert":false,"ca":true}}',
    );
    expect(request(unbindCertkeyCall(ca))).toBe('DELETE /nitro/v1/config/sslvserver_sslcertkey_binding/vs1?args=certkeyname:root,ca:true');
    expect(request(readVserverBindingsCall('vs1'))).toBe('GET /nitro/v1/config/sslvserver_sslcertkey_binding/vs1');
    expect(request(readAllBindingsCall())).toBe('GET /nitro/v1/config/sslvserver_sslcertkey_binding?bulkbindings=yes');
  });

  it('appliance: HA nodes, SSL file sync, save', () => {
    expect(request(readHaNodesCall())).toBe('GET /nitro/v1/config/hanode');
    expect(request(syncHaSslFilesCall())).toBe('POST /nitro/v1/config/hafiles?action=sync {"hafiles":{"mode":["ssl"]}}');
    expect(request(saveConfigCall())).toBe('POST /nitro/v1/config/nsconfig?action=save {"nsconfig":{}}');
  });
});
