<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CeremonyTranscriptDocument</name>
    <message>
        <source>Key ceremony transcript</source>
        <extracomment>Title of the printed record of a key ceremony.</extracomment>
        <translation>密钥仪式记录</translation>
    </message>
    <message>
        <source>Key store initialised</source>
        <translation>密钥库已初始化</translation>
    </message>
    <message>
        <source>Ceremony began</source>
        <translation>仪式开始</translation>
    </message>
    <message>
        <source>Custodians present: %1</source>
        <extracomment>A ceremony step; %1 lists the custodians&apos; names.</extracomment>
        <translation>在场保管人：%1</translation>
    </message>
    <message>
        <source>Key store backup written: %1</source>
        <extracomment>A ceremony step; %1 is a file name.</extracomment>
        <translation>已写入密钥库备份：%1</translation>
    </message>
    <message>
        <source>File exported: %1</source>
        <extracomment>A ceremony step: a public key, certificate, CSR or CRL saved; %1 is a file name.</extracomment>
        <translation>已导出文件：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <extracomment>A ceremony step: the officer&apos;s own words %1.</extracomment>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Ceremony ended</source>
        <translation>仪式结束</translation>
    </message>
    <message>
        <source>custodian shares, any %1 of %2 (split %3)</source>
        <extracomment>Master key protection on the transcript: %1 shares of %2 custodians, split %3.</extracomment>
        <translation>保管人分片，%2 份中任意 %1 份（分片批次 %3）</translation>
    </message>
    <message>
        <source>passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>operating system keychain</source>
        <translation>操作系统钥匙串</translation>
    </message>
    <message>
        <source>Ceremony:</source>
        <translation>仪式：</translation>
    </message>
    <message>
        <source>Key store:</source>
        <translation>密钥库：</translation>
    </message>
    <message>
        <source>Master key protection:</source>
        <translation>根密钥保护方式：</translation>
    </message>
    <message>
        <source>Officer:</source>
        <translation>主持人：</translation>
    </message>
    <message>
        <source>Began:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <source>Ended:</source>
        <translation>结束：</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Step and the SHA-256 fingerprint of what it wrote</source>
        <translation>步骤及其写出内容的 SHA-256 指纹</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>No key was used.</source>
        <translation>未使用任何密钥。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Key spec</source>
        <translation>密钥规格</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1, imported material</source>
        <extracomment>On the transcript: a key whose material was imported; %1 its state.</extracomment>
        <translation>%1，导入的密钥材料</translation>
    </message>
    <message>
        <source>Version %1</source>
        <extracomment>On the transcript: %1 is a key version id.</extracomment>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Symmetric key: no public key.</source>
        <translation>对称密钥：没有公钥。</translation>
    </message>
    <message>
        <source>Public key SHA-256:</source>
        <translation>公钥 SHA-256：</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>No certificate was used.</source>
        <translation>未使用任何证书。</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Public key SHA-256</source>
        <translation>公钥 SHA-256</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>证书 SHA-256</translation>
    </message>
    <message>
        <source>not issued yet (request only)</source>
        <translation>尚未签发（仅有证书请求）</translation>
    </message>
    <message>
        <source>Audit record</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Audit chain head</source>
        <translation>审计链头</translation>
    </message>
    <message>
        <source>Row %1 is the last row of this ceremony. Its chain MAC covers every row before it; `kmsctl audit verify` proves the chain intact and the row can be compared with this paper at any time.</source>
        <translation>第 %1 行是本次仪式的最后一条记录。它的链式 MAC 覆盖之前的每一行；`kmsctl audit verify` 可证明审计链完整，并可随时将该行与本纸质记录核对。</translation>
    </message>
    <message>
        <source>MAC:</source>
        <translation>MAC：</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>We were present and confirm that this transcript records the ceremony.</source>
        <translation>我们在场，确认本记录如实记载了这次仪式。</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>主持人</translation>
    </message>
    <message>
        <source>Custodian</source>
        <translation>保管人</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>见证人</translation>
    </message>
</context>
<context>
    <name>CertificateFiles</name>
    <message>
        <source>PEM files (*.pem *.crt *.cer *.csr);;All files (*)</source>
        <extracomment>File dialog filter.</extracomment>
        <translation>PEM 文件 (*.pem *.crt *.cer *.csr);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <extracomment>File dialog filter.</extracomment>
        <translation>证书 (*.pem *.crt *.cer *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Certificate revocation lists (*.crl *.pem);;All files (*)</source>
        <extracomment>File dialog filter.</extracomment>
        <translation>证书吊销列表 (*.crl *.pem);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save File</source>
        <translation>保存文件</translation>
    </message>
    <message>
        <source>The file %1 could not be written: %2</source>
        <extracomment>%1 is a file name, %2 the system&apos;s reason.</extracomment>
        <translation>无法写入文件 %1：%2</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>The file %1 could not be read: %2</source>
        <translation>无法读取文件 %1：%2</translation>
    </message>
    <message>
        <source>The file %1 is too large for a certificate.</source>
        <translation>文件 %1 太大，不可能是证书。</translation>
    </message>
    <message>
        <source>The file %1 holds no PEM text.</source>
        <translation>文件 %1 中没有 PEM 文本。</translation>
    </message>
</context>
<context>
    <name>ConsoleStartup</name>
    <message>
        <source>Key administration console: keys, aliases and cryptographic operations.</source>
        <translation>密钥管理控制台：管理密钥、别名并执行密码运算。</translation>
    </message>
    <message>
        <source>The data folder of the key store (default: %1).</source>
        <translation>密钥库的数据目录（默认：%1）。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Write PNG screenshots of every page in English and Chinese into DIR, then quit.</source>
        <translation>将每个页面的英文和中文 PNG 截图写入目录 DIR，然后退出。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>No data folder: give one with --data-dir DIR.</source>
        <translation>未指定数据目录：请用 --data-dir DIR 指定。</translation>
    </message>
    <message>
        <source>Opening the key store in %1</source>
        <translation>打开 %1 中的密钥库</translation>
    </message>
    <message>
        <source>Cannot write screenshots into %1.</source>
        <translation>无法将截图写入 %1。</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Choose another alias name, or repoint the existing alias instead.</source>
        <translation>请换一个别名，或改为更改现有别名的指向。</translation>
    </message>
    <message>
        <source>Enable the key first, then try again.</source>
        <translation>请先启用该密钥，然后重试。</translation>
    </message>
    <message>
        <source>The key&apos;s state does not allow this. Check its state in the key list.</source>
        <translation>密钥当前的状态不允许此操作。请在密钥列表中查看其状态。</translation>
    </message>
    <message>
        <source>The ciphertext was changed, belongs to another key, or needs another encryption context. Check what you pasted.</source>
        <translation>密文已被篡改、属于其他密钥，或需要其他加密上下文。请检查粘贴的内容。</translation>
    </message>
    <message>
        <source>The region has reached its limit of asymmetric keys. Schedule unused keys for deletion or use another region.</source>
        <translation>该资源池的非对称密钥数量已达上限。请计划删除不再使用的密钥，或使用其他资源池。</translation>
    </message>
    <message>
        <source>The passphrase is wrong. Type it again.</source>
        <translation>口令错误，请重新输入。</translation>
    </message>
    <message>
        <source>The key store or the HSM failed. Nothing was changed; try again, and if it keeps failing, check the store&apos;s disk and the HSM.</source>
        <translation>密钥库或密码机出错，未做任何更改。请重试；如果仍然失败，请检查密钥库所在的磁盘和密码机。</translation>
    </message>
    <message>
        <source>It may have been deleted or renamed elsewhere. Refresh the list and pick it again.</source>
        <translation>该对象可能已在别处被删除或重命名。请刷新列表后重新选择。</translation>
    </message>
    <message>
        <source>Check the values you entered and try again; nothing was changed.</source>
        <translation>请检查输入的值后重试；未做任何更改。</translation>
    </message>
    <message>
        <source>%1 failed.

%2 (HTTP %3)
%4
%5</source>
        <extracomment>An error of the KMS: its code, then the English and the Chinese message of the table.</extracomment>
        <translation>%1失败。

%2（HTTP %3）
%4
%5</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>A key can be rotated by hand once in 7 days; the details say from when.</source>
        <translation>同一密钥 7 天内只能手动轮转一次；详细信息中给出了何时可以再次轮转。</translation>
    </message>
    <message>
        <source>You have reached your limit of manual rotations for today. Try again tomorrow, or ask another officer.</source>
        <translation>您今天的手动轮转次数已达上限。请明天再试，或请其他密钥管理员操作。</translation>
    </message>
    <message>
        <source>Rotation is paused for this key: enable it, or cancel its deletion, first.</source>
        <translation>该密钥的轮转已暂停：请先启用密钥或取消其计划删除。</translation>
    </message>
    <message>
        <source>This key cannot rotate that way: imported keys rotate by importing new material, and asymmetric keys rotate by hand only.</source>
        <translation>该密钥不能这样轮转：导入的密钥需通过导入新的密钥材料来轮转，非对称密钥只能手动轮转。</translation>
    </message>
</context>
<context>
    <name>Kmsctl</name>
    <message>
        <source>an option is missing its value</source>
        <translation>某个选项缺少取值</translation>
    </message>
    <message>
        <source>unknown command: %1</source>
        <translation>未知命令：%1</translation>
    </message>
    <message>
        <source>kmsctl: %1</source>
        <translation>kmsctl：%1</translation>
    </message>
    <message>
        <source>error %1 (HTTP %2): %3 / %4</source>
        <translation>错误 %1（HTTP %2）：%3 / %4</translation>
    </message>
    <message>
        <source>Passphrase of the key store: </source>
        <translation>密钥库口令：</translation>
    </message>
    <message>
        <source>init takes --keychain, --passphrase or --passphrase-file FILE</source>
        <translation>init 需要 --keychain、--passphrase 或 --passphrase-file 文件</translation>
    </message>
    <message>
        <source>New passphrase: </source>
        <translation>新口令：</translation>
    </message>
    <message>
        <source>Repeat the passphrase: </source>
        <translation>再次输入口令：</translation>
    </message>
    <message>
        <source>no terminal to ask for the passphrase</source>
        <translation>没有可用于输入口令的终端</translation>
    </message>
    <message>
        <source>the two passphrases differ</source>
        <translation>两次输入的口令不一致</translation>
    </message>
    <message>
        <source>cannot read the passphrase file %1</source>
        <translation>无法读取口令文件 %1</translation>
    </message>
    <message>
        <source>Initialised the key store in %1 (master key protected by %2).</source>
        <translation>已在 %1 初始化密钥库（根密钥由%2保护）。</translation>
    </message>
    <message>
        <source>the OS keychain</source>
        <translation>操作系统钥匙串</translation>
    </message>
    <message>
        <source>a passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>status takes no arguments</source>
        <translation>status 不接受参数</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>数据目录：%1</translation>
    </message>
    <message>
        <source>Key store: none yet (kmsctl init creates it)</source>
        <translation>密钥库：尚未创建（用 kmsctl init 创建）</translation>
    </message>
    <message>
        <source>Key store: %1, master key protected by %2</source>
        <translation>密钥库：%1，根密钥由%2保护</translation>
    </message>
    <message>
        <source>unlock takes no arguments</source>
        <translation>unlock 不接受参数</translation>
    </message>
    <message>
        <source>The key store in %1 unlocks.</source>
        <translation>%1 中的密钥库可以解锁。</translation>
    </message>
    <message>
        <source>call takes an action and an optional JSON object (or - for stdin)</source>
        <translation>call 需要一个操作名和可选的 JSON 对象（或用 - 从标准输入读取）</translation>
    </message>
    <message>
        <source>unknown action %1; kmsctl actions lists them</source>
        <translation>未知操作 %1；kmsctl actions 可列出所有操作</translation>
    </message>
    <message>
        <source>cannot read the request from standard input</source>
        <translation>无法从标准输入读取请求</translation>
    </message>
    <message numerus="yes">
        <source>Audit chain intact: %n row(s) verified.</source>
        <translation>
            <numerusform>审计链完整：已校验 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Audit chain BROKEN at row %1 (%2): %3</source>
        <translation>审计链在第 %1 行被破坏（%2）：%3</translation>
    </message>
    <message>
        <source>Added region %1.</source>
        <translation>已添加资源池 %1。</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>（默认值）</translation>
    </message>
    <message>
        <source>config takes: list | get NAME | set NAME VALUE; names: %1</source>
        <translation>config 的用法：list | get 名称 | set 名称 值；可用名称：%1</translation>
    </message>
    <message>
        <source>the Argon2id options take whole numbers</source>
        <translation>Argon2id 选项需要整数</translation>
    </message>
    <message>
        <source>encrypt takes --key ID --in FILE --out FILE</source>
        <translation>encrypt 的用法：--key 密钥ID --in 文件 --out 文件</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>decrypt takes --in FILE --out FILE</source>
        <translation>decrypt 的用法：--in 文件 --out 文件</translation>
    </message>
    <message>
        <source>verify takes --key ID [--key-version V] --algorithm ALG --in FILE --signature SIG</source>
        <translation>verify 的用法：--key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --signature 签名</translation>
    </message>
    <message>
        <source>sign takes --key ID [--key-version V] --algorithm ALG --in FILE --out SIG</source>
        <translation>sign 的用法：--key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --out 签名</translation>
    </message>
    <message>
        <source>Signature valid.</source>
        <translation>签名有效。</translation>
    </message>
    <message>
        <source>Signature NOT valid.</source>
        <translation>签名无效。</translation>
    </message>
    <message>
        <source>actions takes no arguments</source>
        <translation>actions 不接受参数</translation>
    </message>
    <message>
        <source>jobs run takes: [--limit N]</source>
        <translation>jobs run 的用法：[--limit N]</translation>
    </message>
    <message>
        <source>retry at %1</source>
        <translation>将于 %1 重试</translation>
    </message>
    <message>
        <source>Jobs: %1 done, %2 skipped, %3 failed.</source>
        <translation>任务：%1 个已完成，%2 个已跳过，%3 个失败。</translation>
    </message>
    <message>
        <source>jobs list takes: [--state STATE]</source>
        <translation>jobs list 的用法：[--state 状态]</translation>
    </message>
    <message>
        <source>jobs takes: run [--limit N] | list [--state STATE]</source>
        <translation>jobs 的用法：run [--limit N] | list [--state 状态]</translation>
    </message>
    <message>
        <source>Custodian share %1 of %2: </source>
        <translation>保管人分片 %1 / %2：</translation>
    </message>
    <message>
        <source>Hand each custodian one share. They are shown this once and stored nowhere; %1 of them unlock the key store.</source>
        <translation>请给每位保管人一个分片。分片只显示这一次，不会保存在任何地方；其中任意 %1 个即可解锁密钥库。</translation>
    </message>
    <message>
        <source>Share %1:</source>
        <translation>分片 %1：</translation>
    </message>
    <message>
        <source>rekey-custodians takes --custodians M/N</source>
        <translation>rekey-custodians 的用法：--custodians M/N</translation>
    </message>
    <message>
        <source>this key store is not protected by custodian shares</source>
        <translation>此密钥库不受保管人分片保护</translation>
    </message>
    <message>
        <source>init needs exactly one of --keychain, --passphrase, --passphrase-file FILE and --custodians M/N</source>
        <translation>init 只能指定 --keychain、--passphrase、--passphrase-file 文件、--custodians M/N 中的一个</translation>
    </message>
    <message>
        <source>--custodians takes M/N, for example 3/5</source>
        <translation>--custodians 的用法：M/N，例如 3/5</translation>
    </message>
    <message>
        <source>%1 of %2 custodian shares</source>
        <translation>%1 / %2 个保管人分片</translation>
    </message>
    <message>
        <source>backup takes --out FILE</source>
        <translation>backup 需要 --out 文件</translation>
    </message>
    <message>
        <source>Backup of key store %1 written to %2.</source>
        <translation>密钥库 %1 的备份已写入 %2。</translation>
    </message>
    <message>
        <source>restore takes --in FILE</source>
        <translation>restore 需要 --in 文件</translation>
    </message>
    <message>
        <source>Key store restored into %1.</source>
        <translation>密钥库已恢复到 %1。</translation>
    </message>
    <message>
        <source>audit takes: verify | export --format csv|jsonl --out FILE [--public-key FILE] [filters] | head [-n N] [filters] | public-key [--out FILE]</source>
        <translation>audit 的用法：verify | export --format csv|jsonl --out 文件 [--public-key 文件] [筛选条件] | head [-n N] [筛选条件] | public-key [--out 文件]</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1, signature %2.</source>
        <translation>
            <numerusform>已将 %n 条记录导出到 %1，签名为 %2。</numerusform>
        </translation>
    </message>
    <message>
        <source>Usage: kmsctl [--data-dir DIR] [--passphrase-file FILE] [--share-file FILE ...]
              [--hsm-pin-file FILE]
              [--operator NAME] COMMAND

Commands:
  init --keychain | --passphrase | --passphrase-file FILE | --custodians M/N
       [--region ID]
       [--argon2-memory-kib N] [--argon2-iterations N]
                         create the key store; the master key is kept in
                         the OS keychain or protected by a passphrase
  status                 where the store is and how it is protected
                         (exit status 1 when there is none yet)
  unlock                 check that the store unlocks
  call ACTION [JSON|-]   run a KMS action and print its response envelope
  actions                list the actions
  encrypt --key ID --in FILE --out FILE
                         envelope-encrypt a file of any size (- is stdin/out)
  decrypt --in FILE --out FILE
                         decrypt a file made by kmsctl encrypt
  sign --key ID [--key-version V] --algorithm ALG --in FILE --out SIG
  verify --key ID [--key-version V] --algorithm ALG --in FILE --signature SIG
                         sign a file&apos;s digest / verify a signature of it
  audit verify           verify the audit chain
  backup --out FILE      the whole store, encrypted under the master key
  restore --in FILE      into an empty --data-dir, unlocked like the original
  rekey-custodians --custodians M/N
                         new custodian shares for the same master key, proved
                         by the current shares (--share-file, or typed)
  jobs run [--limit N]   carry out the due rotations and deletions (for cron
                         or a systemd timer; exit status 1 if one failed)
  jobs list [--state PENDING|FAILING|DONE|CANCELLED]
                         list scheduled jobs
  region list | region add ID [DESCRIPTION] [--hsm NAME]
  hsm list | hsm tokens --module PATH [--server ADDRESS]
  hsm add|test --module PATH --token LABEL [--server ADDRESS]
       [--pin-in-keychain]
                         a PKCS#11 HSM (a region is bound to it with
                         region add --hsm pkcs11:LABEL); the user PIN from
                         --hsm-pin-file or the terminal, kept in the OS
                         keychain or given again with --hsm-pin-file
  hsm remove NAME
  config list | config get NAME | config set NAME VALUE

Passphrases are read from --passphrase-file or asked for on the terminal, and
custodian shares from --share-file (one file per share) or the terminal; never
from the command line. Exit status: 0 success, 1 KMS error,
2 usage error.
</source>
        <translation>用法：kmsctl [--data-dir 目录] [--passphrase-file 文件] [--share-file 文件 ...]
              [--hsm-pin-file 文件]
              [--operator 操作员] 命令

命令：
  init --keychain | --passphrase | --passphrase-file 文件 | --custodians M/N
       [--region 资源池ID]
       [--argon2-memory-kib N] [--argon2-iterations N]
                         创建密钥库；根密钥保存在操作系统钥匙串中，
                         或由口令保护
  status                 显示密钥库位置及其保护方式
                         （尚无密钥库时退出码为 1）
  unlock                 检查密钥库能否解锁
  call 操作 [JSON|-]     执行一个 KMS 操作并打印响应
  actions                列出所有操作
  encrypt --key 密钥ID --in 文件 --out 文件
                         信封加密任意大小的文件（- 表示标准输入/输出）
  decrypt --in 文件 --out 文件
                         解密由 kmsctl encrypt 生成的文件
  sign --key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --out 签名
  verify --key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --signature 签名
                         对文件摘要签名 / 验证文件的签名
  audit verify           校验审计链
  backup --out 文件      备份整个密钥库，以根密钥加密
  restore --in 文件      恢复到空的 --data-dir 中，解锁方式与原密钥库相同
  rekey-custodians --custodians M/N
                         为同一根密钥生成新的保管人分片，需用当前分片证明
                         （--share-file 或手动输入）
  jobs run [--limit N]   执行到期的轮转和删除任务（供 cron 或 systemd
                         定时器调用；有任务失败时退出码为 1）
  jobs list [--state PENDING|FAILING|DONE|CANCELLED]
                         列出计划任务
  region list | region add 资源池ID [描述] [--hsm 名称]
  hsm list | hsm tokens --module 路径 [--server 地址]
  hsm add|test --module 路径 --token 标签 [--server 地址]
       [--pin-in-keychain]
                         PKCS#11 密码机（用 region add --hsm pkcs11:标签
                         将资源池绑定到它）；用户 PIN 来自 --hsm-pin-file
                         或终端输入，保存在操作系统钥匙串中，或每次用
                         --hsm-pin-file 再次提供
  hsm remove 名称
  config list | config get 名称 | config set 名称 值

口令从 --passphrase-file 读取或在终端上询问，保管人分片从 --share-file
（每个分片一个文件）读取或在终端上询问；绝不从命令行获取。
退出码：0 成功，1 KMS 错误，2 用法错误。
</translation>
    </message>
    <message>
        <source>Audit commands (verify exits 1 with the first bad row on stderr):
  audit export --format csv|jsonl --out FILE [--public-key FILE] [filters]
                         the rows, newest first, and FILE.sig: an Ed25519
                         signature by the audit key
  audit head [-n N] [filters]
                         the newest N rows (10), tab-separated
  audit public-key [--out FILE]
                         the audit signing key&apos;s public key (PEM)
  filters: --from TIME --to TIME --operator-name NAME --action ACTION
           --key ID --result SUCCESS|FAILURE|CODE
</source>
        <translation>审计命令（verify 在链损坏时退出码为 1，并在标准错误输出中给出第一条有问题的记录）：
  audit export --format csv|jsonl --out 文件 [--public-key 文件] [筛选条件]
                         导出记录（最新的在前），并生成 文件.sig：
                         审计密钥的 Ed25519 签名
  audit head [-n N] [筛选条件]
                         最新的 N 条记录（默认 10），以制表符分隔
  audit public-key [--out 文件]
                         审计签名密钥的公钥（PEM）
  筛选条件：--from 时间 --to 时间 --operator-name 名称 --action 操作
           --key 密钥ID --result SUCCESS|FAILURE|代码
</translation>
    </message>
    <message>
        <source>region takes: list | add ID [DESCRIPTION] [--hsm NAME]</source>
        <translation>region 的用法：list | add 资源池ID [描述] [--hsm 名称]</translation>
    </message>
    <message>
        <source>User PIN of token %1: </source>
        <translation>令牌 %1 的用户 PIN：</translation>
    </message>
    <message>
        <source>no PIN: use --hsm-pin-file or a terminal</source>
        <translation>没有 PIN：请使用 --hsm-pin-file 或在终端中输入</translation>
    </message>
    <message>
        <source>%1: %2 %3, serial %4; key specs: %5</source>
        <translation>%1：%2 %3，序列号 %4；可用密钥规格：%5</translation>
    </message>
    <message>
        <source>Mechanisms: %1</source>
        <translation>机制：%1</translation>
    </message>
    <message>
        <source>Removed HSM %1.</source>
        <translation>已删除密码机 %1。</translation>
    </message>
    <message>
        <source>hsm takes: list | tokens --module PATH [--server ADDRESS] | add|test --module PATH --token LABEL [--server ADDRESS] [--pin-in-keychain] | remove NAME</source>
        <translation>hsm 的用法：list | tokens --module 路径 [--server 地址] | add|test --module 路径 --token 标签 [--server 地址] [--pin-in-keychain] | remove 名称</translation>
    </message>
    <message>
        <source>Operators (once one exists every command needs --login NAME; the password
from --password-file FILE or the terminal):
  operator add NAME --role ROLE [--new-password-file FILE]
                         roles: administrator, key_officer, crypto_user,
                         auditor; the first operator is an administrator,
                         later ones need an administrator&apos;s --login
  operator list | operator freeze|unfreeze NAME | operator grant NAME KEY
  operator role NAME ROLE
  config set limits.quota.ACTION N/SECONDS | auth.idleTimeoutSeconds N
</source>
        <translation>操作员（一旦存在操作员，每条命令都需要 --login 名称；口令来自
--password-file 文件或终端输入）：
  operator add 名称 --role 角色 [--new-password-file 文件]
                         角色：administrator、key_officer、crypto_user、
                         auditor；第一个操作员必须是管理员，
                         之后的操作员需要管理员 --login
  operator list | operator freeze|unfreeze 名称 | operator grant 名称 密钥
  operator role 名称 角色
  config set limits.quota.操作 N/秒数 | auth.idleTimeoutSeconds N
</translation>
    </message>
    <message>
        <source>Password of operator %1: </source>
        <translation>操作员 %1 的口令：</translation>
    </message>
    <message>
        <source>operator takes: add NAME --role ROLE [--new-password-file FILE] | list | freeze NAME | unfreeze NAME | grant NAME KEY | role NAME ROLE</source>
        <translation>operator 的用法：add 名称 --role 角色 [--new-password-file 文件] | list | freeze 名称 | unfreeze 名称 | grant 名称 密钥 | role 名称 角色</translation>
    </message>
    <message>
        <source>Password of the new operator %1: </source>
        <translation>新操作员 %1 的口令：</translation>
    </message>
    <message>
        <source>The same password again: </source>
        <translation>再次输入同一口令：</translation>
    </message>
    <message>
        <source>the passwords differ</source>
        <translation>两次输入的口令不一致</translation>
    </message>
    <message>
        <source>no password: use --new-password-file or a terminal</source>
        <translation>没有口令：请使用 --new-password-file 或在终端中输入</translation>
    </message>
    <message>
        <source>Operator %1 (%2) created.</source>
        <translation>已创建操作员 %1（%2）。</translation>
    </message>
    <message>
        <source>Master key and dual control (docs/operators.md):
  master-key rotate [--new-passphrase-file FILE] [--custodians M/N]
                         a new master key in the same protection mode; all
                         key material is wrapped again under it; the old
                         passphrase, shares or keychain entry stop working
  dual-control show | dual-control set ACTION[,ACTION] | dual-control off
                         actions that need a second officer: ScheduleKeyDeletion,
                         RotateMasterKey (operator mode, administrator)
  --approver NAME --approver-password-file FILE
                         the second officer&apos;s approval for such an action
</source>
        <translation>根密钥与双人控制（docs/operators.md）：
  master-key rotate [--new-passphrase-file 文件] [--custodians M/N]
                         以相同保护方式生成新的根密钥；所有密钥材料
                         在其下重新包装；旧口令、旧分片或旧钥匙串条目
                         随即失效
  dual-control show | dual-control set 操作[,操作] | dual-control off
                         需要第二名官员批准的操作：ScheduleKeyDeletion、
                         RotateMasterKey（操作员模式，管理员）
  --approver 名称 --approver-password-file 文件
                         第二名官员对此类操作的批准
</translation>
    </message>
    <message>
        <source>Local signed API (docs/api.md; administrator&apos;s --login in operator mode):
  accesskey create OPERATOR
                         a new access key acting as OPERATOR; its secret key
                         is printed this once
  accesskey list | accesskey enable|disable|delete ACCESS_KEY_ID
  serve [--port N]       answer signed requests on 127.0.0.1 (port 8080
                         by default, 0 for any free one) until SIGINT or
                         SIGTERM
  config set api.clockSkewSeconds N
                         how far X-Sdk-Date may be off the clock (300)
</source>
        <translation>本地签名 API（docs/api.md；操作员模式下需管理员 --login）：
  accesskey create 操作员
                         新建以该操作员身份调用的访问密钥；其秘密密钥
                         仅此一次打印
  accesskey list | accesskey enable|disable|delete 访问密钥ID
  serve [--port N]       在 127.0.0.1 上应答签名请求（默认端口 8080，
                         0 表示任一空闲端口），直到收到 SIGINT 或
                         SIGTERM
  config set api.clockSkewSeconds N
                         X-Sdk-Date 与时钟允许相差的秒数（300）
</translation>
    </message>
    <message>
        <source>Password of the approving operator %1: </source>
        <translation>批准操作员 %1 的口令：</translation>
    </message>
    <message>
        <source>master-key takes: rotate [--new-passphrase-file FILE] [--custodians M/N]</source>
        <translation>master-key 的用法：rotate [--new-passphrase-file 文件] [--custodians M/N]</translation>
    </message>
    <message>
        <source>no terminal to ask for the new passphrase; use --new-passphrase-file</source>
        <translation>没有终端可询问新口令；请使用 --new-passphrase-file</translation>
    </message>
    <message>
        <source>The master key of key store %1 was replaced; everything it protected is wrapped under the new key.</source>
        <translation>密钥库 %1 的根密钥已更换；其保护的一切均已在新根密钥下重新包装。</translation>
    </message>
    <message>
        <source>dual-control takes: show | set ACTION[,ACTION] | off</source>
        <translation>dual-control 的用法：show | set 操作[,操作] | off</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>accesskey takes: create OPERATOR | list | enable ACCESS_KEY_ID | disable ACCESS_KEY_ID | delete ACCESS_KEY_ID</source>
        <translation>accesskey 的用法：create 操作员 | list | enable 访问密钥ID | disable 访问密钥ID | delete 访问密钥ID</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>The secret key is shown this once; the store keeps it only wrapped under the master key.</source>
        <translation>秘密密钥仅显示这一次；密钥库只保存其在根密钥下包装后的形式。</translation>
    </message>
    <message>
        <source>serve takes [--port N]</source>
        <translation>serve 的用法：[--port N]</translation>
    </message>
    <message>
        <source>Listening on http://127.0.0.1:%1 (SIGINT or SIGTERM stops)</source>
        <translation>正在监听 http://127.0.0.1:%1（SIGINT 或 SIGTERM 停止）</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>ShareSheet</name>
    <message>
        <source>Master key share: custodian %1 of %2</source>
        <extracomment>Title of the printed sheet of one custodian&apos;s share; %1 the custodian&apos;s number, %2 how many custodians there are.</extracomment>
        <translation>根密钥分片：保管人 %1 / 共 %2 人</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <extracomment>On the share sheet: custodian %1 of %2 custodians.</extracomment>
        <translation>第 %1 位，共 %2 位</translation>
    </message>
    <message>
        <source>any %1 of the %2 custodians</source>
        <extracomment>On the share sheet: %1 shares needed of %2 custodians.</extracomment>
        <translation>%2 位保管人中的任意 %1 位</translation>
    </message>
    <message>
        <source>Key store:</source>
        <translation>密钥库：</translation>
    </message>
    <message>
        <source>Custodian:</source>
        <translation>保管人：</translation>
    </message>
    <message>
        <source>Unlocking needs:</source>
        <translation>解锁需要：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>分片</translation>
    </message>
    <message>
        <source>Checksum:</source>
        <translation>校验码：</translation>
    </message>
    <message>
        <source>The last group of the share is a checksum of the rest. When the share is typed in, the console recomputes it: a mistyped share, or a share of another key store, is reported as a checksum failure before anything is unlocked. If that happens, compare what was typed with this sheet character by character. Spaces, line breaks and upper or lower case do not matter.</source>
        <translation>分片的最后一组是其余部分的校验码。输入分片时，控制台会重新计算：输错的分片或其他密钥库的分片会在解锁之前被报告为校验失败。出现这种情况时，请将输入内容与本页逐字符核对。空格、换行和大小写不影响结果。</translation>
    </message>
    <message>
        <source>Keeping this sheet</source>
        <translation>本页的保管</translation>
    </message>
    <message>
        <source>Any %1 of the %2 custodians together can unlock the key store; fewer cannot. The console keeps no copy of this share and cannot show it again. Keep the sheet locked away, do not copy or photograph it, and delete any file it was printed from.</source>
        <translation>%2 位保管人中任意 %1 位共同即可解锁密钥库，人数不足则不能。控制台不保留本分片的任何副本，也无法再次显示。请将本页锁存保管，不要复印或拍照，并删除用于打印的文件。</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>签收</translation>
    </message>
    <message>
        <source>I have received this share and will keep it safe.</source>
        <translation>本人已收到此分片并将妥善保管。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Scan to type the share</source>
        <translation>扫描即可输入此分片</translation>
    </message>
</context>
<context>
    <name>WizardButtons</name>
    <message>
        <source>&lt; &amp;Back</source>
        <extracomment>The wizard button that goes one page back.</extracomment>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <extracomment>The wizard button that goes to the next page.</extracomment>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
</context>
<context>
    <name>kms::AliasTableModel</name>
    <message>
        <source>Default (protected)</source>
        <extracomment>Alias list, Default column: the alias of a region&apos;s default key, which cannot be changed or deleted.</extracomment>
        <translation>默认（受保护）</translation>
    </message>
    <message>
        <source>The alias of a default key: it cannot be repointed or deleted.</source>
        <translation>默认密钥的别名：不能更改指向，也不能删除。</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Default</source>
        <extracomment>Column of the alias list: whether the alias belongs to a default key.</extracomment>
        <translation>默认密钥</translation>
    </message>
</context>
<context>
    <name>kms::AuditTableModel</name>
    <message>
        <source>Success</source>
        <extracomment>Result column of the audit table for a successful call.</extracomment>
        <translation>成功</translation>
    </message>
    <message>
        <source>Seq</source>
        <extracomment>Column of the audit table: the row&apos;s sequence number in the chain.</extracomment>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <extracomment>Column of the audit table: the key, alias or certificate acted on.</extracomment>
        <translation>对象</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
</context>
<context>
    <name>kms::CertificateTableModel</name>
    <message>
        <source>No certificate yet: upload the one issued for the CSR.</source>
        <extracomment>Tooltip of the Not after cell of a certificate that was not uploaded yet.</extracomment>
        <translation>尚无证书：请上传为该证书请求签发的证书。</translation>
    </message>
    <message>
        <source>Expired on %1</source>
        <extracomment>Tooltip of an expired certificate; %1 is the date it ran out (UTC).</extracomment>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <source>Expires within a day</source>
        <extracomment>Tooltip of a certificate that runs out within 30 days.</extracomment>
        <translation>一天内过期</translation>
    </message>
    <message>
        <source>Expires in 1 day</source>
        <translation>1 天后过期</translation>
    </message>
    <message>
        <source>Expires in %1 days</source>
        <translation>%1 天后过期</translation>
    </message>
    <message>
        <source>Subject</source>
        <extracomment>Column of the certificate list: the certificate&apos;s subject (distinguished name).</extracomment>
        <translation>证书主体</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>签发者</translation>
    </message>
    <message>
        <source>Key spec</source>
        <translation>密钥规格</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not after</source>
        <extracomment>Column of the certificate list: the end of the certificate&apos;s validity.</extracomment>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Pending import</source>
        <extracomment>Status of a certificate whose key pair and CSR exist, waiting for the certificate.</extracomment>
        <translation>待导入</translation>
    </message>
    <message>
        <source>Active</source>
        <extracomment>Status of a certificate.</extracomment>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Inactive</source>
        <extracomment>Status of a certificate (deactivated; it can be activated again).</extracomment>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Revoked</source>
        <extracomment>Status of a certificate (revoked for good).</extracomment>
        <translation>已吊销</translation>
    </message>
</context>
<context>
    <name>kms::DeletionTableModel</name>
    <message>
        <source>Due now</source>
        <extracomment>A key whose deletion date has come: the next scheduler run deletes it.</extracomment>
        <translation>已到期</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 天</translation>
    </message>
    <message>
        <source>%1 days</source>
        <extracomment>Days left until a key is deleted.</extracomment>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>Until then the deletion can be cancelled; afterwards the key and all its versions are destroyed.</source>
        <extracomment>Tooltip of the days left before a key is deleted.</extracomment>
        <translation>在此之前可以取消删除；之后该密钥及其所有版本都将被销毁。</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Spec</source>
        <extracomment>Column of the deletion list: the key spec (AES_256, RSA_2048, ...).</extracomment>
        <translation>密钥规格</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Deletion date</source>
        <extracomment>Column of the deletion list: when the key will be deleted.</extracomment>
        <translation>删除日期</translation>
    </message>
    <message>
        <source>Days left</source>
        <extracomment>Column of the deletion list: days until the key is deleted.</extracomment>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>kms::KeyTableModel</name>
    <message>
        <source>Deleted on %1</source>
        <extracomment>Tooltip of a key pending deletion; %1 is the date (UTC) it will be deleted.</extracomment>
        <translation>将于 %1 删除</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>Spec</source>
        <extracomment>Column of the key list: the key spec (AES_256, RSA_2048, ...).</extracomment>
        <translation>密钥规格</translation>
    </message>
    <message>
        <source>Usage</source>
        <extracomment>Column of the key list: ENCRYPT/DECRYPT or SIGN/VERIFY.</extracomment>
        <translation>密钥用途</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Protection</source>
        <extracomment>Column of the key list: SOFTWARE or HSM.</extracomment>
        <translation>保护级别</translation>
    </message>
    <message>
        <source>Origin</source>
        <extracomment>Column of the key list: KMS (made here) or EXTERNAL (imported material).</extracomment>
        <translation>密钥来源</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Enabled</source>
        <extracomment>Key state.</extracomment>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <extracomment>Key state.</extracomment>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Pending deletion</source>
        <extracomment>Key state: scheduled for deletion, can still be cancelled.</extracomment>
        <translation>待删除</translation>
    </message>
    <message>
        <source>Pending import</source>
        <extracomment>Key state: an EXTERNAL key waiting for its key material to be imported.</extracomment>
        <translation>待导入</translation>
    </message>
</context>
<context>
    <name>kms::KeyVersionTableModel</name>
    <message>
        <source>Primary</source>
        <extracomment>Key version list: marks the primary version (the one that encrypts and signs).
----------
Column of the key version list: the primary marker.</extracomment>
        <translation>主版本</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <extracomment>Tooltip of a key version&apos;s creation time: %1 the UTC time, %2 the operator.</extracomment>
        <translation>%1，由 %2 创建</translation>
    </message>
    <message>
        <source>Encrypts and signs; every version decrypts and verifies</source>
        <translation>用于加密和签名；所有版本都可解密和验签</translation>
    </message>
    <message>
        <source>Version ID</source>
        <extracomment>Column of the key version list.</extracomment>
        <translation>版本 ID</translation>
    </message>
    <message>
        <source>Created</source>
        <extracomment>Column of the key version list.</extracomment>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Type</source>
        <extracomment>Column of the key version list: how the version was made (initial, manual, automatic).</extracomment>
        <translation>类型</translation>
    </message>
    <message>
        <source>Initial</source>
        <extracomment>How a key version was made: with the key.</extracomment>
        <translation>初始</translation>
    </message>
    <message>
        <source>Manual</source>
        <extracomment>How a key version was made: a rotation started by an operator.</extracomment>
        <translation>手动轮转</translation>
    </message>
    <message>
        <source>Automatic</source>
        <extracomment>How a key version was made: a rotation of the key&apos;s rotation policy.</extracomment>
        <translation>自动轮转</translation>
    </message>
    <message>
        <source>Imported</source>
        <extracomment>How a key version was made: imported key material.</extracomment>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>kms::OperatorTableModel</name>
    <message>
        <source>administrator</source>
        <extracomment>An operator role: manages operators, regions and HSMs.</extracomment>
        <translation>管理员</translation>
    </message>
    <message>
        <source>key officer</source>
        <extracomment>An operator role: manages keys, aliases, rotation, deletion, certificates, import.</extracomment>
        <translation>密钥管理员</translation>
    </message>
    <message>
        <source>crypto user</source>
        <extracomment>An operator role: encrypts, decrypts, signs and verifies with the keys granted.</extracomment>
        <translation>密码使用者</translation>
    </message>
    <message>
        <source>auditor</source>
        <extracomment>An operator role: reads key metadata and the audit log, uses no key.</extracomment>
        <translation>审计员</translation>
    </message>
    <message>
        <source>frozen</source>
        <extracomment>State of an operator: may log in, or frozen (after 5 failed log-ins or by an administrator).</extracomment>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Column of the operator list.</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>Column of the operator list.</extracomment>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <extracomment>Column of the operator list.</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failed log-ins</source>
        <extracomment>Column of the operator list: failed log-ins in a row (5 freeze the operator).</extracomment>
        <translation>连续登录失败</translation>
    </message>
    <message>
        <source>Granted keys</source>
        <extracomment>Column of the operator list: the keys a crypto user may use.</extracomment>
        <translation>授权密钥</translation>
    </message>
    <message>
        <source>Created</source>
        <extracomment>Column of the operator list.</extracomment>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>kms::RotationPlanModel</name>
    <message>
        <source>Every day</source>
        <extracomment>Rotation interval of a key, in days (7 to 730).</extracomment>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <source>Due now</source>
        <extracomment>A rotation whose time has come: the next scheduler run carries it out.</extracomment>
        <translation>已到期</translation>
    </message>
    <message>
        <source>Today</source>
        <extracomment>A rotation later today.</extracomment>
        <translation>今天</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>In %1 days</source>
        <extracomment>Time until a rotation, in days.</extracomment>
        <translation>%1 天后</translation>
    </message>
    <message>
        <source>Never</source>
        <extracomment>The last rotation of a key that was never rotated.</extracomment>
        <translation>从未轮转</translation>
    </message>
    <message>
        <source>Paused</source>
        <extracomment>A key whose rotation waits until it is enabled again.</extracomment>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Automatic rotation is paused while the key is not enabled. Enable the key (or cancel its deletion) to resume it.</source>
        <extracomment>Tooltip of a paused rotation.</extracomment>
        <translation>密钥未启用期间自动轮转暂停。启用该密钥（或取消其计划删除）即可恢复。</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Interval</source>
        <extracomment>Column of the rotation plan: how often the key rotates.</extracomment>
        <translation>轮转周期</translation>
    </message>
    <message>
        <source>Last rotation</source>
        <translation>上次轮转</translation>
    </message>
    <message>
        <source>Next rotation</source>
        <translation>下次轮转</translation>
    </message>
    <message>
        <source>Due</source>
        <extracomment>Column of the rotation plan: how long until the next rotation.</extracomment>
        <translation>到期</translation>
    </message>
</context>
<context>
    <name>kms::ui::AccessKeysDialog</name>
    <message>
        <source>Loading the access keys</source>
        <translation>加载访问密钥</translation>
    </message>
    <message>
        <source>active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>never</source>
        <extracomment>An access key never used.</extracomment>
        <translation>从未</translation>
    </message>
    <message>
        <source>Creating an access key for %1</source>
        <translation>为 %1 创建访问密钥</translation>
    </message>
    <message>
        <source>Enabling the access key %1</source>
        <translation>启用访问密钥 %1</translation>
    </message>
    <message>
        <source>Disabling the access key %1</source>
        <translation>停用访问密钥 %1</translation>
    </message>
    <message>
        <source>Delete Access Key</source>
        <translation>删除访问密钥</translation>
    </message>
    <message>
        <source>Delete the access key %1? Requests signed with it are refused from now on (KMS.0402).</source>
        <translation>删除访问密钥 %1？此后用它签名的请求将被拒绝（KMS.0402）。</translation>
    </message>
    <message>
        <source>Deleting the access key %1</source>
        <translation>删除访问密钥 %1</translation>
    </message>
    <message>
        <source>Access Keys of %1</source>
        <translation>%1 的访问密钥</translation>
    </message>
    <message>
        <source>Scripts call the local signed API (kmsctl serve, docs/api.md) with an access key: each request is signed with its secret key and acts as %1, in %1&apos;s role.</source>
        <translation>脚本使用访问密钥调用本地签名 API（kmsctl serve，docs/api.md）：每个请求都用其秘密密钥签名，并以 %1 的身份、按 %1 的角色执行。</translation>
    </message>
    <message>
        <source>Access key id</source>
        <translation>访问密钥 ID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <extracomment>Column of the access key list: when a signed request last used the key.</extracomment>
        <translation>最后使用</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>The secret key is shown this once: copy it into the script&apos;s secret store now. The console keeps it only wrapped under the master key and cannot show it again.</source>
        <translation>秘密密钥仅显示这一次：请立即将其复制到脚本的秘密存储中。控制台只保存其在根密钥下包装后的形式，无法再次显示。</translation>
    </message>
    <message>
        <source>Access key id:</source>
        <translation>访问密钥 ID：</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>秘密密钥：</translation>
    </message>
</context>
<context>
    <name>kms::ui::AliasDialog</name>
    <message>
        <source>Finding the key %1</source>
        <translation>查找密钥 %1</translation>
    </message>
    <message>
        <source>Creating the alias %1</source>
        <translation>创建别名 %1</translation>
    </message>
    <message>
        <source>Repointing the alias %1</source>
        <translation>更改别名 %1 的指向</translation>
    </message>
    <message>
        <source>Create Alias</source>
        <translation>创建别名</translation>
    </message>
    <message>
        <source>&amp;Alias name:</source>
        <translation>别名(&amp;A)：</translation>
    </message>
    <message>
        <source>For &amp;key:</source>
        <translation>关联密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>An alias starts with alias/ and uses letters, digits, _, / and -. The prefix alias/acs/ is reserved for default keys.</source>
        <translation>别名以 alias/ 开头，可包含字母、数字、_、/ 和 -。前缀 alias/acs/ 为默认密钥保留。</translation>
    </message>
    <message>
        <source>Repoint Alias</source>
        <translation>更改别名指向</translation>
    </message>
    <message>
        <source>&amp;Alias:</source>
        <translation>别名(&amp;A)：</translation>
    </message>
    <message>
        <source>Point at &amp;key:</source>
        <translation>指向密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>The new key must be in the alias&apos;s region and have the same usage as the key the alias points at now.</source>
        <translation>新密钥必须与别名位于同一资源池，且密钥用途与别名当前指向的密钥相同。</translation>
    </message>
    <message>
        <source>Key ID or alias/…</source>
        <extracomment>Placeholder of the key field of the alias dialog.</extracomment>
        <translation>密钥 ID 或 alias/…</translation>
    </message>
</context>
<context>
    <name>kms::ui::AliasesPage</name>
    <message>
        <source>Aliases</source>
        <extracomment>Navigation entry and title of the alias list page.</extracomment>
        <translation>别名</translation>
    </message>
    <message>
        <source>1 alias</source>
        <extracomment>Above the alias list: how many aliases there are.</extracomment>
        <translation>1 个别名</translation>
    </message>
    <message>
        <source>%1 aliases</source>
        <translation>%1 个别名</translation>
    </message>
    <message>
        <source>Loading the alias list</source>
        <translation>加载别名列表</translation>
    </message>
    <message>
        <source>Delete Alias</source>
        <translation>删除别名</translation>
    </message>
    <message>
        <source>Delete the alias %1 of the key %2?

Applications that use the alias will no longer find the key. The key itself is not changed.</source>
        <translation>确定要删除密钥 %2 的别名 %1 吗？

使用该别名的应用将无法再找到此密钥。密钥本身不受影响。</translation>
    </message>
    <message>
        <source>Deleting the alias %1</source>
        <translation>删除别名 %1</translation>
    </message>
    <message>
        <source>&amp;Create Alias…</source>
        <translation>创建别名(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Repoint…</source>
        <translation>更改指向(&amp;R)…</translation>
    </message>
    <message>
        <source>Point the selected alias at another key</source>
        <translation>将所选别名指向另一个密钥</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected alias (the key stays)</source>
        <translation>删除所选别名（密钥保留）</translation>
    </message>
    <message>
        <source>Copy Key &amp;ID</source>
        <translation>复制密钥 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Alias actions</source>
        <translation>别名操作</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>资源池(&amp;G)：</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部资源池</translation>
    </message>
    <message>
        <source>This alias belongs to a region&apos;s default key. It is managed by the KMS and cannot be repointed or deleted.</source>
        <translation>此别名属于资源池的默认密钥，由 KMS 管理，不能更改指向，也不能删除。</translation>
    </message>
</context>
<context>
    <name>kms::ui::ApprovalDialog</name>
    <message>
        <source>Second Officer&apos;s Approval</source>
        <translation>第二名官员批准</translation>
    </message>
    <message>
        <source>%1 needs a second officer&apos;s approval. Another operator who may make it enters their name and password here.</source>
        <extracomment>Dual control: %1 describes the action, e.g. &quot;the deletion of the key ...&quot;.</extracomment>
        <translation>%1 需要第二名官员批准。请另一名有权执行该操作的操作员在此输入名称和口令。</translation>
    </message>
    <message>
        <source>&amp;Approving officer:</source>
        <translation>批准官员(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>Approve</source>
        <extracomment>Button of the dual-control dialog: the second officer approves.</extracomment>
        <translation>批准</translation>
    </message>
    <message>
        <source>Approving %1 as %2</source>
        <translation>以 %2 身份批准 %1</translation>
    </message>
</context>
<context>
    <name>kms::ui::AsymmetricCryptoTab</name>
    <message>
        <source>Asymmetric encryption</source>
        <extracomment>Tab of the crypto workbench: AsymmetricEncrypt / AsymmetricDecrypt.</extracomment>
        <translation>非对称加密</translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation>算法(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Plaintext:</source>
        <translation>明文(&amp;P)：</translation>
    </message>
    <message>
        <source>A short text (RSA-OAEP: at most 190 bytes with SHA-256, 214 with SHA-1)</source>
        <translation>简短文本（RSA-OAEP：使用 SHA-256 时最多 190 字节，使用 SHA-1 时最多 214 字节）</translation>
    </message>
    <message>
        <source>C&amp;iphertext (base64):</source>
        <translation>密文（base64）(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Encrypt</source>
        <translation>加密(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Decrypt</source>
        <translation>解密(&amp;D)</translation>
    </message>
    <message>
        <source>Encrypting with the public key</source>
        <translation>公钥加密</translation>
    </message>
    <message>
        <source>Encrypted with %1 under key version %2.</source>
        <extracomment>%1 is an algorithm, %2 a key version id.</extracomment>
        <translation>已使用 %1 算法和密钥版本 %2 完成加密。</translation>
    </message>
    <message>
        <source>Decrypting with the private key</source>
        <translation>私钥解密</translation>
    </message>
    <message>
        <source>Decrypted.</source>
        <translation>已解密。</translation>
    </message>
    <message>
        <source>Decrypted. The plaintext is not UTF-8 text, so it is shown in base64.</source>
        <translation>已解密。明文不是 UTF-8 文本，因此以 base64 显示。</translation>
    </message>
</context>
<context>
    <name>kms::ui::AuditPage</name>
    <message>
        <source>Loading the audit log</source>
        <translation>正在加载审计日志</translation>
    </message>
    <message>
        <source>Audit</source>
        <extracomment>Navigation entry and title of the audit log page.</extracomment>
        <translation>审计</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <extracomment>Above the audit table: how many rows match the filter.</extracomment>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>正在校验审计链…</translation>
    </message>
    <message numerus="yes">
        <source>Verification cancelled after %n row(s).</source>
        <translation>
            <numerusform>已校验 %n 条记录后取消。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Audit chain intact: %n row(s) verified.</source>
        <translation>
            <numerusform>审计链完整：已校验 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>row %1 changed</source>
        <extracomment>Verdict of the audit chain check; %1 is the row&apos;s sequence number.</extracomment>
        <translation>第 %1 行被修改</translation>
    </message>
    <message>
        <source>row %1 deleted</source>
        <translation>第 %1 行被删除</translation>
    </message>
    <message>
        <source>row %1 inserted</source>
        <translation>第 %1 行是插入的</translation>
    </message>
    <message>
        <source>row %1 reordered</source>
        <translation>第 %1 行顺序被调换</translation>
    </message>
    <message>
        <source>chain head changed or missing (at row %1)</source>
        <translation>链头被修改或缺失（第 %1 行处）</translation>
    </message>
    <message>
        <source>Audit chain BROKEN: %1.</source>
        <extracomment>%1 says what is wrong, e.g. &quot;row 12 changed&quot;.</extracomment>
        <translation>审计链已损坏：%1。</translation>
    </message>
    <message>
        <source>The audit chain could not be verified.</source>
        <translation>无法校验审计链。</translation>
    </message>
    <message>
        <source>Verifying the audit chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <source>Export Audit Rows as CSV</source>
        <translation>将审计记录导出为 CSV</translation>
    </message>
    <message>
        <source>Export Audit Rows as Signed JSON Lines</source>
        <translation>将审计记录导出为带签名的 JSON Lines</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Exporting the audit rows to %1…</source>
        <translation>正在将审计记录导出到 %1…</translation>
    </message>
    <message>
        <source>The export to %1 failed.</source>
        <translation>导出到 %1 失败。</translation>
    </message>
    <message>
        <source>Exporting the audit rows to %1</source>
        <translation>将审计记录导出到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1 with the signature %2 and the public key %3.</source>
        <translation>
            <numerusform>已将 %n 条记录导出到 %1，签名为 %2，公钥为 %3。</numerusform>
        </translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>any time</source>
        <extracomment>A time filter that is not set.</extracomment>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Key, alias or certificate ID</source>
        <translation>密钥、别名或证书 ID</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Success</source>
        <extracomment>Result filter of the audit page: successful calls only.</extracomment>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failure</source>
        <extracomment>Result filter of the audit page: failed calls (any error code).</extracomment>
        <translation>失败</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Verify Chain</source>
        <translation>校验审计链(&amp;V)</translation>
    </message>
    <message>
        <source>Check every row of the audit log against its chained MAC</source>
        <translation>用链式 MAC 逐行检查审计日志</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export as &amp;CSV…</source>
        <translation>导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export as Signed &amp;JSON Lines…</source>
        <translation>导出为带签名的 JSON Lines(&amp;J)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Result code</source>
        <translation>结果代码</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <source>Chain MAC</source>
        <translation>链式 MAC</translation>
    </message>
    <message>
        <source>Export cancelled; %1 was not written.</source>
        <translation>导出已取消；未写入 %1。</translation>
    </message>
    <message>
        <source>Chain head: row %1, MAC %2…</source>
        <extracomment>Above the audit table: the last row of the chain and the first characters of its MAC.</extracomment>
        <translation>审计链头：第 %1 行，MAC %2…</translation>
    </message>
</context>
<context>
    <name>kms::ui::BeginCeremonyDialog</name>
    <message>
        <source>Begin Key Ceremony</source>
        <translation>开始密钥仪式</translation>
    </message>
    <message>
        <source>While the ceremony runs, the console records each step: the files it writes with their SHA-256 fingerprints, and every action in the audit log. When it ends, the transcript lists the fingerprints of the public keys, certificates and backups, the audit-chain head, and a line for each person below to sign.</source>
        <translation>仪式进行期间，控制台记录每个步骤：写出的文件及其 SHA-256 指纹，以及审计日志中的每个操作。仪式结束时，记录中列出公钥、证书和备份的指纹、审计链头，并为下列每个人留出签名栏。</translation>
    </message>
    <message>
        <source>e.g. Root CA key generation</source>
        <translation>例如：根 CA 密钥生成</translation>
    </message>
    <message>
        <source>One name per line</source>
        <translation>每行一个姓名</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Officer:</source>
        <translation>主持人：</translation>
    </message>
    <message>
        <source>Custodians and witnesses present:</source>
        <translation>在场的保管人和见证人：</translation>
    </message>
    <message>
        <source>Begin</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>kms::ui::CeremonyController</name>
    <message>
        <source>Add Note to Transcript</source>
        <translation>在记录中添加备注</translation>
    </message>
    <message>
        <source>What happened (printed on the transcript):</source>
        <translation>发生了什么（将打印在记录上）：</translation>
    </message>
    <message>
        <source>Beginning the key ceremony</source>
        <translation>开始密钥仪式</translation>
    </message>
    <message>
        <source>Recording %1 in the ceremony</source>
        <extracomment>%1 is a file name.</extracomment>
        <translation>在仪式中记录 %1</translation>
    </message>
    <message>
        <source>Save Ceremony Transcript</source>
        <translation>保存仪式记录</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Ending the key ceremony</source>
        <translation>结束密钥仪式</translation>
    </message>
    <message>
        <source>Key Ceremony Ended</source>
        <translation>密钥仪式已结束</translation>
    </message>
    <message>
        <source>The transcript was written to %1. Print it and have it signed. It ends with audit row %2 (chain MAC %3…).</source>
        <extracomment>%1 is a file name, %2 the audit row number, %3 the first characters of its MAC.</extracomment>
        <translation>记录已写入 %1。请打印并请各方签名。记录以第 %2 条审计记录结束（链式 MAC %3…）。</translation>
    </message>
    <message>
        <source>Ceremony: %1 (%2 steps)</source>
        <extracomment>Status bar while a key ceremony runs: %1 its title, %2 the steps recorded so far.</extracomment>
        <translation>仪式：%1（%2 个步骤）</translation>
    </message>
    <message>
        <source>&amp;Ceremony</source>
        <translation>仪式(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Begin Ceremony…</source>
        <translation>开始仪式(&amp;B)…</translation>
    </message>
    <message>
        <source>Record the following steps as a key ceremony</source>
        <translation>将接下来的步骤记录为一次密钥仪式</translation>
    </message>
    <message>
        <source>Add &amp;Note…</source>
        <translation>添加备注(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;End Ceremony and Save Transcript…</source>
        <translation>结束仪式并保存记录(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Save Last Transcript…</source>
        <translation>保存上次的记录(&amp;S)…</translation>
    </message>
    <message>
        <source>A key ceremony is being recorded. Files written and backups are fingerprinted; end it from the Ceremony menu.</source>
        <translation>正在记录密钥仪式。写出的文件和备份都会计算指纹；请从“仪式”菜单结束。</translation>
    </message>
    <message>
        <source>The transcript could not be written to %1: %2. Use Ceremony &gt; Save Last Transcript to try again.</source>
        <extracomment>%1 is a file name, %2 the system&apos;s reason.</extracomment>
        <translation>无法将记录写入 %1：%2。请使用“仪式 &gt; 保存上次的记录”重试。</translation>
    </message>
</context>
<context>
    <name>kms::ui::CertificateDetailPane</name>
    <message>
        <source>Certificate details</source>
        <translation>证书详情</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (expired)</source>
        <extracomment>A certificate&apos;s end of validity, already passed; %1 is the date.</extracomment>
        <translation>%1（已过期）</translation>
    </message>
    <message>
        <source>%1 (in 1 day)</source>
        <extracomment>A certificate&apos;s end of validity, soon; %1 is the date, %2 the days left.</extracomment>
        <translation>%1（1 天后）</translation>
    </message>
    <message>
        <source>%1 (in %2 days)</source>
        <translation>%1（%2 天后）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Issued by %1, valid until %2</source>
        <extracomment>Tooltip of a certificate of the chain: its issuer and end of validity.</extracomment>
        <translation>由 %1 签发，有效期至 %2</translation>
    </message>
    <message>
        <source>The certificate cannot be read (%1).</source>
        <translation>无法读取证书（%1）。</translation>
    </message>
    <message>
        <source>No certificate yet: have a CA sign the CSR, then upload the certificate.</source>
        <translation>尚无证书：请让 CA 签发该证书请求，然后上传证书。</translation>
    </message>
    <message>
        <source>Certificate ID:</source>
        <translation>证书 ID：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>证书主体：</translation>
    </message>
    <message>
        <source>Alternative names:</source>
        <translation>备用名称：</translation>
    </message>
    <message>
        <source>Issuer:</source>
        <translation>签发者：</translation>
    </message>
    <message>
        <source>Serial number:</source>
        <translation>序列号：</translation>
    </message>
    <message>
        <source>Key spec:</source>
        <translation>密钥规格：</translation>
    </message>
    <message>
        <source>Protection:</source>
        <translation>保护级别：</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>资源池：</translation>
    </message>
    <message>
        <source>Not before:</source>
        <translation>生效时间：</translation>
    </message>
    <message>
        <source>Not after:</source>
        <translation>有效期至：</translation>
    </message>
    <message>
        <source>Exportable key:</source>
        <translation>私钥可导出：</translation>
    </message>
    <message>
        <source>CA:</source>
        <translation>CA：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Updated:</source>
        <translation>更新时间：</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 指纹：</translation>
    </message>
    <message>
        <source>Chain (issuers up to the root):</source>
        <translation>证书链（逐级签发者直至根证书）：</translation>
    </message>
    <message>
        <source>Select a certificate to see its details.</source>
        <translation>选择一个证书以查看详情。</translation>
    </message>
    <message>
        <source>Details</source>
        <extracomment>Tab of the certificate details: its fields.</extracomment>
        <translation>详情</translation>
    </message>
    <message>
        <source>Decoded</source>
        <extracomment>Tab of the certificate details: the certificate decoded as text.</extracomment>
        <translation>解码内容</translation>
    </message>
    <message>
        <source>CSR</source>
        <extracomment>Tab of the certificate details: the certificate signing request.</extracomment>
        <translation>证书请求</translation>
    </message>
    <message>
        <source>The certificate request (CSR) of the key pair, for a CA to sign.</source>
        <translation>该密钥对的证书请求（CSR），供 CA 签发。</translation>
    </message>
    <message>
        <source>&amp;Copy CSR</source>
        <translation>复制证书请求(&amp;C)</translation>
    </message>
    <message>
        <source>Sa&amp;ve CSR…</source>
        <translation>保存证书请求(&amp;V)…</translation>
    </message>
</context>
<context>
    <name>kms::ui::CertificatesPage</name>
    <message>
        <source>Certificates</source>
        <extracomment>Navigation entry and title of the certificate list page.</extracomment>
        <translation>证书</translation>
    </message>
    <message>
        <source>1 certificate</source>
        <extracomment>Above the certificate list: how many certificates match the filters.</extracomment>
        <translation>1 个证书</translation>
    </message>
    <message>
        <source>%1 certificates</source>
        <translation>%1 个证书</translation>
    </message>
    <message>
        <source>Loading the certificate list</source>
        <translation>加载证书列表</translation>
    </message>
    <message>
        <source>Activating the certificate %1</source>
        <translation>启用证书 %1</translation>
    </message>
    <message>
        <source>Deactivating the certificate %1</source>
        <translation>禁用证书 %1</translation>
    </message>
    <message>
        <source>Revoke Certificate</source>
        <translation>吊销证书</translation>
    </message>
    <message>
        <source>Revoke the certificate %1 (serial number %2)?

Revocation is final: the certificate can never be activated again, and its key no longer signs. If this store&apos;s CA issued it, the CA&apos;s next revocation list names it.</source>
        <extracomment>Question before a certificate is revoked; %1 names it, %2 is its serial number.</extracomment>
        <translation>吊销证书 %1（序列号 %2）吗？

吊销不可撤销：该证书再也不能启用，其密钥也不再签名。如果它由本密钥库的 CA 签发，该 CA 下一次生成的证书吊销列表会列出它。</translation>
    </message>
    <message>
        <source>Revoking the certificate %1</source>
        <translation>吊销证书 %1</translation>
    </message>
    <message>
        <source>Save Certificate Request</source>
        <translation>保存证书请求</translation>
    </message>
    <message>
        <source>Delete Certificate</source>
        <translation>删除证书</translation>
    </message>
    <message>
        <source>Delete the certificate %1 (%2) and its private key?

The private key is destroyed and cannot be recovered; export it first if you still need it.</source>
        <extracomment>Question before a certificate is deleted; %1 names it, %2 is its id.</extracomment>
        <translation>删除证书 %1（%2）及其私钥吗？

私钥将被销毁且无法恢复；如果仍需要，请先导出。</translation>
    </message>
    <message>
        <source>Deleting the certificate %1</source>
        <translation>删除证书 %1</translation>
    </message>
    <message>
        <source>&amp;Create…</source>
        <translation>创建(&amp;C)…</translation>
    </message>
    <message>
        <source>Create a key pair and certificate request, or a self-signed root CA</source>
        <translation>创建密钥对和证书请求，或自签名根 CA</translation>
    </message>
    <message>
        <source>&amp;Upload…</source>
        <translation>上传(&amp;U)…</translation>
    </message>
    <message>
        <source>Upload the certificate issued for the selected CSR</source>
        <translation>上传为所选证书请求签发的证书</translation>
    </message>
    <message>
        <source>&amp;Issue…</source>
        <translation>签发(&amp;I)…</translation>
    </message>
    <message>
        <source>Issue a certificate for a CSR with the selected CA</source>
        <translation>用所选 CA 为证书请求签发证书</translation>
    </message>
    <message>
        <source>&amp;Activate</source>
        <translation>启用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>禁用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>吊销(&amp;R)…</translation>
    </message>
    <message>
        <source>Revoke the selected certificate for good</source>
        <translation>永久吊销所选证书</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Save C&amp;SR…</source>
        <translation>保存证书请求(&amp;S)…</translation>
    </message>
    <message>
        <source>Generate C&amp;RL…</source>
        <translation>生成证书吊销列表(&amp;R)…</translation>
    </message>
    <message>
        <source>Make the revocation list of the selected CA</source>
        <translation>生成所选 CA 的证书吊销列表</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Copy Certificate &amp;ID</source>
        <translation>复制证书 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Certificate actions</source>
        <translation>证书操作</translation>
    </message>
    <message>
        <source>Search subject or issuer</source>
        <translation>搜索证书主体或签发者</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>资源池(&amp;G)：</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部资源池</translation>
    </message>
    <message>
        <source>Expiring s&amp;oon</source>
        <extracomment>Filter of the certificate list: only those that expire within 30 days or have expired.</extracomment>
        <translation>即将过期(&amp;O)</translation>
    </message>
    <message>
        <source>Only certificates that expire within 30 days or have expired</source>
        <translation>仅显示 30 天内过期或已过期的证书</translation>
    </message>
</context>
<context>
    <name>kms::ui::CreateCertificateDialog</name>
    <message>
        <source>%1 of %2 names</source>
        <extracomment>Below the subject alternative names: how many of the 10 allowed are typed.</extracomment>
        <translation>%1 / %2 个名称</translation>
    </message>
    <message>
        <source>Creating the certificate</source>
        <translation>创建证书</translation>
    </message>
    <message>
        <source>Create Certificate</source>
        <translation>创建证书</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>资源池(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Key spec:</source>
        <translation>密钥规格(&amp;K)：</translation>
    </message>
    <message>
        <source>Subject</source>
        <extracomment>Heading of the subject fields (the certificate&apos;s distinguished name).</extracomment>
        <translation>证书主体</translation>
    </message>
    <message>
        <source>Common &amp;name (CN):</source>
        <translation>通用名称 (CN)(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Country (C):</source>
        <translation>国家 (C)(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Organization (O):</source>
        <translation>组织 (O)(&amp;O)：</translation>
    </message>
    <message>
        <source>Organizational &amp;unit (OU):</source>
        <translation>组织单位 (OU)(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;State or province (ST):</source>
        <translation>省/州 (ST)(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Locality (L):</source>
        <translation>城市 (L)(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Alternative names:</source>
        <translation>备用名称(&amp;A)：</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Required, two letters such as CN</source>
        <extracomment>Placeholder of the country field: a two-letter code.</extracomment>
        <translation>必填，两个字母，例如 CN</translation>
    </message>
    <message>
        <source>One DNS name or IP address per line, up to 10</source>
        <translation>每行一个 DNS 名称或 IP 地址，最多 10 个</translation>
    </message>
    <message>
        <source>The private key can be &amp;exported (PKCS#12)</source>
        <translation>私钥可导出 (PKCS#12)(&amp;E)</translation>
    </message>
    <message>
        <source>Self-signed &amp;root CA certificate</source>
        <translation>自签名根 CA 证书(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Validity:</source>
        <translation>有效期(&amp;V)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of a validity period in days.</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>The KMS makes a key pair and a certificate request (CSR). Have a CA sign the CSR, then upload the certificate. A self-signed root CA certificate is active at once.</source>
        <translation>KMS 生成密钥对和证书请求（CSR）。请让 CA 签发该证书请求，然后上传证书。自签名根 CA 证书立即启用。</translation>
    </message>
    <message>
        <source>Generating the key pair…</source>
        <translation>正在生成密钥对…</translation>
    </message>
</context>
<context>
    <name>kms::ui::CreateKeyDialog</name>
    <message>
        <source>Creating the key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Create Key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <extracomment>Create-key form: the region (资源池) the key is made in.</extracomment>
        <translation>资源池(&amp;R)：</translation>
    </message>
    <message>
        <source>Key &amp;spec:</source>
        <translation>密钥规格(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Usage:</source>
        <translation>密钥用途(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Protection level:</source>
        <translation>保护级别(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Origin:</source>
        <translation>密钥来源(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>What the key is for (optional)</source>
        <translation>说明密钥的用途（可选）</translation>
    </message>
    <message>
        <source>Rotate the key &amp;automatically</source>
        <translation>自动轮转密钥(&amp;A)</translation>
    </message>
    <message>
        <source>Rotation &amp;interval:</source>
        <translation>轮转周期(&amp;I)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of the rotation interval, in days (&quot; days&quot;).</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>Generating the RSA key pair…</source>
        <translation>正在生成 RSA 密钥对…</translation>
    </message>
    <message>
        <source>AES_256 — symmetric, AES with 256-bit keys</source>
        <translation>AES_256 — 对称密钥，256 位 AES</translation>
    </message>
    <message>
        <source>SM4_128 — symmetric, SM4 (GB/T 32907)</source>
        <translation>SM4_128 — 对称密钥，SM4（GB/T 32907）</translation>
    </message>
    <message>
        <source>RSA_2048 — asymmetric, RSA 2048-bit key pair</source>
        <translation>RSA_2048 — 非对称密钥，2048 位 RSA 密钥对</translation>
    </message>
    <message>
        <source>EC_P256 — asymmetric, NIST P-256 key pair (signing)</source>
        <translation>EC_P256 — 非对称密钥，NIST P-256 密钥对（用于签名）</translation>
    </message>
    <message>
        <source>EC_SM2 — asymmetric, SM2 key pair</source>
        <translation>EC_SM2 — 非对称密钥，SM2 密钥对</translation>
    </message>
    <message>
        <source>Encrypt and decrypt (ENCRYPT/DECRYPT)</source>
        <translation>加密解密（ENCRYPT/DECRYPT）</translation>
    </message>
    <message>
        <source>Sign and verify (SIGN/VERIFY)</source>
        <translation>签名验签（SIGN/VERIFY）</translation>
    </message>
    <message>
        <source>Software (SOFTWARE)</source>
        <translation>软件（SOFTWARE）</translation>
    </message>
    <message>
        <source>Hardware security module (HSM)</source>
        <translation>硬件密码机（HSM）</translation>
    </message>
    <message>
        <source>Generated by the KMS (KMS)</source>
        <translation>由 KMS 生成（KMS）</translation>
    </message>
    <message>
        <source>Key material imported later (EXTERNAL)</source>
        <translation>稍后导入外部密钥材料（EXTERNAL）</translation>
    </message>
    <message>
        <source>The store has no region. Add a region first.</source>
        <translation>密钥库中还没有资源池，请先添加资源池。</translation>
    </message>
    <message>
        <source>The key waits in state Pending import until its key material is imported.</source>
        <translation>导入密钥材料之前，密钥将处于“待导入”状态。</translation>
    </message>
    <message>
        <source>Only symmetric keys rotate automatically. A region holds a limited number of asymmetric keys.</source>
        <translation>仅对称密钥支持自动轮转。每个资源池可容纳的非对称密钥数量有限。</translation>
    </message>
</context>
<context>
    <name>kms::ui::DataKeyTab</name>
    <message>
        <source>Data key</source>
        <extracomment>Tab of the crypto workbench: GenerateDataKey.</extracomment>
        <translation>数据密钥</translation>
    </message>
    <message>
        <source>Data key &amp;spec:</source>
        <translation>数据密钥规格(&amp;S)：</translation>
    </message>
    <message>
        <source>Number of bytes</source>
        <extracomment>Choice of the data key spec: a data key of a given number of bytes.</extracomment>
        <translation>指定字节数</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>&amp;Generate data key</source>
        <translation>生成数据密钥(&amp;G)</translation>
    </message>
    <message>
        <source>The plaintext data key is a secret: whoever has it can read what it encrypts. Use it, then clear it. Keep only the ciphertext blob; Decrypt turns it back into the data key.</source>
        <translation>明文数据密钥必须保密：任何人拿到它都能读取用它加密的数据。请用完即清除，只保留密文；通过 Decrypt 可将密文还原为数据密钥。</translation>
    </message>
    <message>
        <source>Plaintext (base64):</source>
        <translation>明文（base64）：</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>Shows the plaintext data key while pressed</source>
        <translation>按住时显示明文数据密钥</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>Forgets the plaintext data key</source>
        <translation>清除明文数据密钥</translation>
    </message>
    <message>
        <source>Ciphertext blob (base64):</source>
        <translation>密文（base64）：</translation>
    </message>
    <message>
        <source>No data key</source>
        <translation>暂无数据密钥</translation>
    </message>
    <message>
        <source>Generating a data key</source>
        <translation>生成数据密钥</translation>
    </message>
    <message>
        <source>Hidden: press Show to see the data key (1 byte)</source>
        <translation>已隐藏：按“显示”查看数据密钥（1 字节）</translation>
    </message>
    <message>
        <source>Hidden: press Show to see the data key (%1 bytes)</source>
        <translation>已隐藏：按“显示”查看数据密钥（%1 字节）</translation>
    </message>
</context>
<context>
    <name>kms::ui::DeletionsPage</name>
    <message>
        <source>Deletions</source>
        <extracomment>Navigation entry and title of the page of keys pending deletion.</extracomment>
        <translation>待删除密钥</translation>
    </message>
    <message>
        <source>1 key pending deletion</source>
        <extracomment>Above the deletion list: how many keys are pending deletion.</extracomment>
        <translation>1 个密钥待删除</translation>
    </message>
    <message>
        <source>%1 keys pending deletion</source>
        <translation>%1 个密钥待删除</translation>
    </message>
    <message>
        <source>Loading the keys pending deletion</source>
        <translation>加载待删除密钥</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>How a key is named in questions: its alias, then its id in brackets.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Cancel Key Deletion</source>
        <translation>取消删除密钥</translation>
    </message>
    <message>
        <source>Cancel the deletion of the key %1?

The key is kept and stays disabled until you enable it.</source>
        <translation>确定要取消删除密钥 %1 吗？

该密钥将被保留，在重新启用之前保持禁用状态。</translation>
    </message>
    <message>
        <source>Cancelling the deletion of the key %1</source>
        <translation>取消删除密钥 %1</translation>
    </message>
    <message>
        <source>&amp;Cancel Deletion…</source>
        <translation>取消删除(&amp;C)…</translation>
    </message>
    <message>
        <source>Keep the selected key; it stays disabled until you enable it</source>
        <translation>保留所选密钥；在重新启用之前，该密钥保持禁用状态</translation>
    </message>
    <message>
        <source>Copy Key &amp;ID</source>
        <translation>复制密钥 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Deletion actions</source>
        <translation>删除操作</translation>
    </message>
    <message>
        <source>When its deletion date comes, the console deletes the key with all its versions; nothing encrypted under it can be decrypted after that. Until then the deletion can be cancelled.</source>
        <translation>到达删除日期时，控制台将删除该密钥及其所有版本，之后用它加密的任何数据都无法再解密。在此之前可以取消删除。</translation>
    </message>
    <message>
        <source>No key is pending deletion.</source>
        <translation>没有待删除的密钥。</translation>
    </message>
</context>
<context>
    <name>kms::ui::ExportCertificateDialog</name>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx);;All files (*)</source>
        <translation>PKCS#12 文件 (*.p12 *.pfx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>DER files (*.der *.cer);;All files (*)</source>
        <translation>DER 文件 (*.der *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export Certificate</source>
        <translation>导出证书</translation>
    </message>
    <message>
        <source>Exporting the certificate %1</source>
        <translation>导出证书 %1</translation>
    </message>
    <message>
        <source>The password protects the private key in the file. Use at least %1 characters; it is not stored anywhere.</source>
        <extracomment>%1 is the least number of characters (8).</extracomment>
        <translation>密码保护文件中的私钥。请至少使用 %1 个字符；密码不会被保存。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The file holds the private key: keep it safe.</source>
        <translation>该文件包含私钥，请妥善保管。</translation>
    </message>
    <message>
        <source>PKCS#12 (with the private key) is not offered: the key was not created exportable.</source>
        <translation>不提供 PKCS#12（含私钥）：该密钥创建时未设为可导出。</translation>
    </message>
    <message>
        <source>Export %1 to a file.</source>
        <extracomment>%1 is the certificate&apos;s subject.</extracomment>
        <translation>将 %1 导出到文件。</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>PEM: the certificate</source>
        <translation>PEM：证书</translation>
    </message>
    <message>
        <source>DER: the certificate, binary</source>
        <translation>DER：证书，二进制</translation>
    </message>
    <message>
        <source>PEM: the certificate and its chain</source>
        <translation>PEM：证书及其证书链</translation>
    </message>
    <message>
        <source>PKCS#12: certificate, chain and private key</source>
        <translation>PKCS#12：证书、证书链和私钥</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>确认密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>kms::ui::FileCryptoTab</name>
    <message>
        <source>File</source>
        <extracomment>Tab of the crypto workbench: envelope encryption of files.</extracomment>
        <translation>文件</translation>
    </message>
    <message>
        <source>Envelope encryption: the KMS makes a data key, the file is encrypted with it on this computer, and the encrypted data key is stored in the file&apos;s header. Files of any size; kmsctl decrypt reads them too.</source>
        <translation>信封加密：由 KMS 生成数据密钥，在本机用它加密文件，加密后的数据密钥保存在文件头中。支持任意大小的文件，也可以用 kmsctl decrypt 解密。</translation>
    </message>
    <message>
        <source>&amp;Input file:</source>
        <translation>输入文件(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Output file:</source>
        <translation>输出文件(&amp;O)：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Encrypt file</source>
        <translation>加密文件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Decrypt file</source>
        <translation>解密文件(&amp;D)</translation>
    </message>
    <message>
        <source>Decrypts an envelope file; it names its own key</source>
        <translation>解密信封加密文件；文件中记录了所用的密钥</translation>
    </message>
    <message>
        <source>Encrypts the input file with a data key of %1</source>
        <translation>使用 %1 生成的数据密钥加密输入文件</translation>
    </message>
    <message>
        <source>Pick an enabled symmetric key for encryption</source>
        <translation>请选择一个已启用的对称密钥用于加密</translation>
    </message>
    <message>
        <source>Choose the input file</source>
        <translation>选择输入文件</translation>
    </message>
    <message>
        <source>Choose the output file</source>
        <translation>选择输出文件</translation>
    </message>
    <message>
        <source>Choose an input file and an output file.</source>
        <translation>请选择输入文件和输出文件。</translation>
    </message>
    <message>
        <source>%1 is not a readable file.</source>
        <extracomment>%1 is a file path.</extracomment>
        <translation>%1 不是可读取的文件。</translation>
    </message>
    <message>
        <source>The output file must be another file than the input.</source>
        <translation>输出文件不能与输入文件相同。</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file.</source>
        <translation>%1 是文件夹，请选择文件。</translation>
    </message>
    <message>
        <source>%1 exists. Replace it when the work has succeeded?</source>
        <extracomment>%1 is a file path.</extracomment>
        <translation>%1 已存在。操作成功后是否替换该文件？</translation>
    </message>
    <message>
        <source>Encrypting the file</source>
        <translation>加密文件</translation>
    </message>
    <message>
        <source>Encrypting %1…</source>
        <extracomment>%1 is a file name; shown beside the progress bar.</extracomment>
        <translation>正在加密 %1…</translation>
    </message>
    <message>
        <source>Encrypted %1 into %2.</source>
        <translation>已将 %1 加密为 %2。</translation>
    </message>
    <message>
        <source>Decrypting the file</source>
        <translation>解密文件</translation>
    </message>
    <message>
        <source>Decrypting %1…</source>
        <extracomment>%1 is a file name; shown beside the progress bar.</extracomment>
        <translation>正在解密 %1…</translation>
    </message>
    <message>
        <source>Decrypted %1 into %2.</source>
        <translation>已将 %1 解密为 %2。</translation>
    </message>
    <message>
        <source>Cancelled. No output file was written.</source>
        <translation>已取消，未写入输出文件。</translation>
    </message>
    <message>
        <source>Failed. No output file was written.</source>
        <translation>操作失败，未写入输出文件。</translation>
    </message>
</context>
<context>
    <name>kms::ui::GenerateCrlDialog</name>
    <message>
        <source>Generating the revocation list of %1</source>
        <translation>生成 %1 的证书吊销列表</translation>
    </message>
    <message>
        <source>Save Revocation List</source>
        <translation>保存证书吊销列表</translation>
    </message>
    <message>
        <source>CRL number %1, revoked certificates: %2</source>
        <extracomment>After a CRL was made: %1 its number, %2 how many certificates it lists as revoked.</extracomment>
        <translation>证书吊销列表编号 %1，已吊销证书：%2</translation>
    </message>
    <message>
        <source>No revocation list generated yet.</source>
        <translation>尚未生成证书吊销列表。</translation>
    </message>
    <message>
        <source>Generate Revocation List</source>
        <translation>生成证书吊销列表</translation>
    </message>
    <message>
        <source>A certificate revocation list (CRL) signed by %1, listing the certificates it issued that were revoked.</source>
        <extracomment>%1 is the CA certificate&apos;s subject.</extracomment>
        <translation>由 %1 签名的证书吊销列表（CRL），列出它签发且已被吊销的证书。</translation>
    </message>
    <message>
        <source>&amp;Next update in:</source>
        <translation>下次更新(&amp;N)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of a period in days.</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Save CRL…</source>
        <translation>保存证书吊销列表(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>kms::ui::HsmDialog</name>
    <message>
        <source>Model: %1 (%2)</source>
        <extracomment>%1 the token&apos;s model, %2 its manufacturer, e.g. &quot;SoftHSM v2 (SoftHSM project)&quot;.</extracomment>
        <translation>型号：%1（%2）</translation>
    </message>
    <message>
        <source>Serial: %1</source>
        <translation>序列号：%1</translation>
    </message>
    <message>
        <source>not reported</source>
        <extracomment>Memory the token does not report.</extracomment>
        <translation>未提供</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <extracomment>Free and total memory of a token: %1 free, %2 total (e.g. &quot;12 KiB of 20 KiB&quot;).</extracomment>
        <translation>%2 中可用 %1</translation>
    </message>
    <message>
        <source>Public memory: %1</source>
        <translation>公有存储：%1</translation>
    </message>
    <message>
        <source>Private memory: %1</source>
        <translation>私有存储：%1</translation>
    </message>
    <message>
        <source>Add HSM</source>
        <extracomment>Title of the dialog that adds a PKCS#11 HSM.</extracomment>
        <translation>添加密码机</translation>
    </message>
    <message>
        <source>A PKCS#11 module gives the console a token on this machine or, through p11-kit&apos;s client, on another one. Keys of protection level HSM are made on the token and never leave it.</source>
        <translation>PKCS#11 模块为控制台提供本机上的令牌，或通过 p11-kit 客户端提供另一台机器上的令牌。保护级别为 HSM 的密钥在令牌上生成，且永不离开令牌。</translation>
    </message>
    <message>
        <source>&amp;Module:</source>
        <translation>模块(&amp;M)：</translation>
    </message>
    <message>
        <source>The PKCS#11 library: a vendor&apos;s module or client, SoftHSM2, or p11-kit&apos;s client for a remote token</source>
        <translation>PKCS#11 库：厂商的模块或客户端、SoftHSM2，或用于远程令牌的 p11-kit 客户端</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Remote server:</source>
        <translation>远程服务器(&amp;R)：</translation>
    </message>
    <message>
        <source>For p11-kit&apos;s client module: the p11-kit server&apos;s address (P11_KIT_SERVER_ADDRESS), e.g. unix:path=/run/user/1000/p11-kit/pkcs11 or &quot;|ssh host p11-kit remote …&quot;. Empty for a module on this machine.</source>
        <translation>用于 p11-kit 客户端模块：p11-kit 服务器的地址（P11_KIT_SERVER_ADDRESS），例如 unix:path=/run/user/1000/p11-kit/pkcs11 或 &quot;|ssh host p11-kit remote …&quot;。本机模块请留空。</translation>
    </message>
    <message>
        <source>Warning: the PIN and all data cross the p11-kit socket in the clear. Reach a remote server only through a tunnel (SSH or TLS).</source>
        <translation>警告：PIN 和所有数据以明文经过 p11-kit 套接字。请仅通过隧道（SSH 或 TLS）访问远程服务器。</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;List Tokens</source>
        <translation>列出令牌(&amp;L)</translation>
    </message>
    <message>
        <source>Ask the module which tokens it shows</source>
        <translation>询问模块提供哪些令牌</translation>
    </message>
    <message>
        <source>User &amp;PIN:</source>
        <translation>用户 PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Keep the PIN in the OS keychain (otherwise it is asked at each start)</source>
        <translation>将 PIN 保存在操作系统钥匙串中(&amp;K)（否则每次启动时询问）</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Log in to the token and read its model, memory and mechanisms</source>
        <translation>登录令牌并读取其型号、存储空间和机制</translation>
    </message>
    <message>
        <source>Mechanisms:</source>
        <translation>机制：</translation>
    </message>
    <message>
        <source>List the tokens first</source>
        <translation>请先列出令牌</translation>
    </message>
    <message>
        <source>PKCS#11 Module</source>
        <translation>PKCS#11 模块</translation>
    </message>
    <message>
        <source>PKCS#11 modules (*.so *.so.*);;All files (*)</source>
        <translation>PKCS#11 模块 (*.so *.so.*);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Listing the tokens of %1</source>
        <translation>列出 %1 的令牌</translation>
    </message>
    <message>
        <source>%1 — %2, serial %3</source>
        <extracomment>A token in the token list: %1 its label, %2 its model, %3 its serial number.</extracomment>
        <translation>%1 — %2，序列号 %3</translation>
    </message>
    <message>
        <source>The module shows no initialised token</source>
        <translation>该模块没有已初始化的令牌</translation>
    </message>
    <message>
        <source>PIN entered</source>
        <translation>已输入 PIN</translation>
    </message>
    <message>
        <source>Testing the connection to %1</source>
        <translation>测试与 %1 的连接</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>尚未测试。</translation>
    </message>
    <message>
        <source>Key specs the console can make there: %1</source>
        <translation>控制台可在其上生成的密钥规格：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Enter the token&apos;s user PIN.</source>
        <translation>请输入令牌的用户 PIN。</translation>
    </message>
    <message>
        <source>Saving the HSM %1</source>
        <translation>保存密码机 %1</translation>
    </message>
</context>
<context>
    <name>kms::ui::HsmPinDialog</name>
    <message>
        <source>HSM PIN</source>
        <extracomment>Title of the dialog that asks an HSM&apos;s user PIN at start-up.</extracomment>
        <translation>密码机 PIN</translation>
    </message>
    <message>
        <source>The HSM %1 needs its user PIN for this session (it is not kept in the keychain). Skip it to work without it: its keys then answer &quot;not available&quot;.</source>
        <extracomment>%1 names the HSM, e.g. pkcs11:kms-test.</extracomment>
        <translation>密码机 %1 需要本次会话的用户 PIN（未保存在钥匙串中）。可以跳过：其密钥将提示“不可用”。</translation>
    </message>
    <message>
        <source>User &amp;PIN:</source>
        <translation>用户 PIN(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <extracomment>Button: go on without the HSM&apos;s PIN.</extracomment>
        <translation>跳过(&amp;S)</translation>
    </message>
    <message>
        <source>The token did not accept the PIN: %1</source>
        <extracomment>%1 is the backend&apos;s reason (English, with the PKCS#11 return value).</extracomment>
        <translation>令牌未接受该 PIN：%1</translation>
    </message>
</context>
<context>
    <name>kms::ui::HsmSettingsPage</name>
    <message>
        <source>HSMs</source>
        <extracomment>The Settings section&apos;s page: the PKCS#11 HSMs.</extracomment>
        <translation>密码机</translation>
    </message>
    <message>
        <source>&amp;Add HSM…</source>
        <translation>添加密码机(&amp;A)…</translation>
    </message>
    <message>
        <source>Configure a PKCS#11 token a region can be bound to</source>
        <translation>配置可供资源池绑定的 PKCS#11 令牌</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Connect to the selected HSM again with this session&apos;s PIN and read its token</source>
        <translation>用本次会话的 PIN 重新连接所选密码机并读取其令牌</translation>
    </message>
    <message>
        <source>Enter &amp;PIN…</source>
        <translation>输入 PIN(&amp;P)…</translation>
    </message>
    <message>
        <source>Give the PIN of an HSM that was skipped at start-up</source>
        <translation>为启动时跳过的密码机提供 PIN</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected HSM&apos;s configuration (refused while a region is bound to it)</source>
        <translation>删除所选密码机的配置（仍有资源池绑定时不允许）</translation>
    </message>
    <message>
        <source>Add &amp;Region…</source>
        <translation>添加资源池(&amp;R)…</translation>
    </message>
    <message>
        <source>Make a region whose HSM keys live on the selected HSM</source>
        <translation>创建一个资源池，其 HSM 密钥保存在所选密码机上</translation>
    </message>
    <message>
        <source>PKCS#11 HSMs a region can be bound to. Keys of protection level HSM are made on the region&apos;s token and never leave it.</source>
        <translation>可供资源池绑定的 PKCS#11 密码机。保护级别为 HSM 的密钥在资源池的令牌上生成，且永不离开令牌。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Remote server</source>
        <extracomment>Column: the p11-kit server&apos;s address of a remote token.</extracomment>
        <translation>远程服务器</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Column: where the HSM&apos;s PIN is kept.</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>连接：</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>最近的错误：</translation>
    </message>
    <message>
        <source>Usable key specs:</source>
        <translation>可用密钥规格：</translation>
    </message>
    <message>
        <source>Mechanisms:</source>
        <translation>机制：</translation>
    </message>
    <message>
        <source>This HSM is reached through p11-kit&apos;s client: the PIN and all data cross the p11-kit socket in the clear unless it is tunnelled over SSH or TLS.</source>
        <translation>此密码机通过 p11-kit 客户端访问：除非经 SSH 或 TLS 隧道，PIN 和所有数据都以明文经过 p11-kit 套接字。</translation>
    </message>
    <message>
        <source>connected</source>
        <extracomment>Connection state of an HSM.</extracomment>
        <translation>已连接</translation>
    </message>
    <message>
        <source>not connected yet</source>
        <extracomment>Connection state of an HSM that has not been used yet in this session.</extracomment>
        <translation>尚未连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>PIN needed</source>
        <extracomment>Connection state of an HSM whose PIN was skipped at start-up.</extracomment>
        <translation>需要 PIN</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>OS keychain</source>
        <translation>操作系统钥匙串</translation>
    </message>
    <message>
        <source>asked at start</source>
        <translation>启动时询问</translation>
    </message>
    <message>
        <source>No HSM is configured: the keys live in the built-in software HSM. Add one with Add HSM….</source>
        <translation>未配置密码机：密钥保存在内置软件密码机中。可通过“添加密码机…”添加。</translation>
    </message>
    <message>
        <source>Select an HSM.</source>
        <translation>请选择一个密码机。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not read yet: use Test Connection.</source>
        <translation>尚未读取：请使用“测试连接”。</translation>
    </message>
    <message>
        <source>Not read yet: they are read when the HSM is added.</source>
        <translation>尚未读取：添加密码机时读取。</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <source>Remove HSM</source>
        <extracomment>%1 names the HSM.</extracomment>
        <translation>删除密码机</translation>
    </message>
    <message>
        <source>Remove the configuration of %1? Its PIN is removed from the keychain; the keys on the token stay there.</source>
        <translation>删除 %1 的配置？其 PIN 将从钥匙串中删除；令牌上的密钥保留不动。</translation>
    </message>
    <message>
        <source>Removing the HSM %1</source>
        <translation>删除密码机 %1</translation>
    </message>
    <message>
        <source>Add Region</source>
        <extracomment>Title of the dialog that makes a region bound to an HSM.</extracomment>
        <translation>添加资源池</translation>
    </message>
    <message>
        <source>A new region whose keys of protection level HSM live on %1.</source>
        <translation>新资源池，其保护级别为 HSM 的密钥保存在 %1 上。</translation>
    </message>
    <message>
        <source>Region &amp;ID:</source>
        <translation>资源池 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>Adding the region %1</source>
        <translation>添加资源池 %1</translation>
    </message>
</context>
<context>
    <name>kms::ui::ImportPage</name>
    <message>
        <source>Import</source>
        <extracomment>A section of the navigation list (import of key material, BYOK).</extracomment>
        <translation>密钥导入</translation>
    </message>
    <message>
        <source>&amp;Import material…</source>
        <translation>导入密钥材料(&amp;I)…</translation>
    </message>
    <message>
        <source>Start the wizard for the selected key waiting for material</source>
        <translation>为所选的待导入密钥启动导入向导</translation>
    </message>
    <message>
        <source>&amp;Delete material…</source>
        <translation>删除密钥材料(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the imported material of the selected key; it then waits for material again</source>
        <translation>删除所选密钥已导入的密钥材料；之后该密钥重新等待导入</translation>
    </message>
    <message>
        <source>External keys (origin EXTERNAL). Their owners keep the backups of the material.</source>
        <translation>外部密钥（来源 EXTERNAL）。密钥材料的备份由其所有者保管。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>密钥规格</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Material expires</source>
        <translation>材料过期时间</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Listing the external keys</source>
        <translation>列出外部密钥</translation>
    </message>
    <message>
        <source>Delete Key Material</source>
        <extracomment>%1 is the key&apos;s id.</extracomment>
        <translation>删除密钥材料</translation>
    </message>
    <message>
        <source>Delete the imported material of key %1?

The key stays and waits for material (PendingImport); what was encrypted with it cannot be decrypted until the same material is imported again. The console keeps no copy: only the owner&apos;s backup can restore it.</source>
        <translation>删除密钥 %1 已导入的密钥材料吗？

密钥会保留并等待导入材料（PendingImport）；用它加密的数据在重新导入相同材料之前无法解密。控制台不保留副本：只有所有者的备份能够恢复。</translation>
    </message>
    <message>
        <source>Deleting the key material</source>
        <translation>删除密钥材料</translation>
    </message>
</context>
<context>
    <name>kms::ui::ImportWizard</name>
    <message>
        <source>Import Key Material</source>
        <translation>导入密钥材料</translation>
    </message>
    <message>
        <source>Start over</source>
        <extracomment>The Cancel button of the embedded import wizard: it drops what was entered.</extracomment>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>The Finish button of the import wizard: done, ready for the next key.</extracomment>
        <translation>完成</translation>
    </message>
    <message>
        <source>Step 1 of 3: the key</source>
        <translation>第 1 步（共 3 步）：选择密钥</translation>
    </message>
    <message>
        <source>Bring your own key: key material made outside the console goes into a key of origin EXTERNAL.</source>
        <translation>自带密钥（BYOK）：在控制台之外生成的密钥材料导入到来源为 EXTERNAL 的密钥中。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The console cannot recover imported key material.&lt;/b&gt; Its owner must keep a backup of the material in a safe place. If the material is deleted or expires, everything encrypted with the key stays unreadable until the same material is imported again.</source>
        <translation>&lt;b&gt;控制台无法恢复导入的密钥材料。&lt;/b&gt;材料的所有者必须将其备份妥善保管。材料被删除或过期后，用该密钥加密的所有数据在重新导入相同材料之前都无法读取。</translation>
    </message>
    <message>
        <source>&amp;New external key</source>
        <translation>新建外部密钥(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Existing key waiting for material</source>
        <translation>等待导入材料的已有密钥(&amp;E)</translation>
    </message>
    <message>
        <source>Key &amp;spec:</source>
        <translation>密钥规格(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>资源池(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>What the key protects (optional)</source>
        <translation>密钥保护的对象（可选）</translation>
    </message>
    <message>
        <source>Step 2 of 3: wrapping key and import token</source>
        <translation>第 2 步（共 3 步）：包装公钥和导入令牌</translation>
    </message>
    <message>
        <source>The material travels wrapped with a one-time RSA key. Save the wrapping key and the token for the machine that holds the material.</source>
        <translation>密钥材料以一次性 RSA 密钥包装后传递。请保存包装公钥和令牌，交给持有材料的机器使用。</translation>
    </message>
    <message>
        <source>&amp;Wrapping algorithm:</source>
        <translation>包装算法(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Get wrapping key and token</source>
        <translation>获取包装公钥和令牌(&amp;G)</translation>
    </message>
    <message>
        <source>Save &amp;wrapping key…</source>
        <translation>保存包装公钥(&amp;W)…</translation>
    </message>
    <message>
        <source>Save &amp;token…</source>
        <translation>保存令牌(&amp;T)…</translation>
    </message>
    <message>
        <source>On the machine that holds the material (material.bin, the raw key bytes), wrap it with these commands:</source>
        <translation>在持有材料（material.bin，原始密钥字节）的机器上，用以下命令包装：</translation>
    </message>
    <message>
        <source>&amp;Copy commands</source>
        <translation>复制命令(&amp;C)</translation>
    </message>
    <message>
        <source>Step 3 of 3: import the wrapped material</source>
        <translation>第 3 步（共 3 步）：导入包装后的材料</translation>
    </message>
    <message>
        <source>Choose the file the commands made, then import it before the token expires.</source>
        <translation>选择上述命令生成的文件，并在令牌过期前导入。</translation>
    </message>
    <message>
        <source>C&amp;hoose wrapped file…</source>
        <translation>选择包装文件(&amp;H)…</translation>
    </message>
    <message>
        <source>Material &amp;expires at:</source>
        <translation>材料过期时间(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Keep the backup of the material: the console cannot give it back, and deleting the material (or its expiry) leaves the key waiting for the same material again.</source>
        <translation>请保管好材料的备份：控制台无法将其交还；材料被删除（或过期）后，密钥将重新等待导入相同的材料。</translation>
    </message>
    <message>
        <source>Creating the external key</source>
        <translation>创建外部密钥</translation>
    </message>
    <message>
        <source>Getting the wrapping key and token</source>
        <translation>获取包装公钥和令牌</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <extracomment>%1 is the key&apos;s id.</extracomment>
        <translation>密钥：%1</translation>
    </message>
    <message>
        <source>Making the wrapping key…</source>
        <translation>正在生成包装密钥…</translation>
    </message>
    <message>
        <source>The wrapping key and token are valid until %1 (24 hours). Import the wrapped material before then.</source>
        <extracomment>%1 is a local date and time.</extracomment>
        <translation>包装公钥和令牌的有效期至 %1（24 小时）。请在此之前导入包装后的材料。</translation>
    </message>
    <message>
        <source>Choose how the material will be wrapped, then get a wrapping key and token for this key.</source>
        <translation>选择材料的包装方式，然后为该密钥获取包装公钥和令牌。</translation>
    </message>
    <message>
        <source>Wrapping key saved to %1</source>
        <extracomment>%1 is a file name.</extracomment>
        <translation>包装公钥已保存到 %1</translation>
    </message>
    <message>
        <source>Token saved to %1</source>
        <extracomment>%1 is a file name.</extracomment>
        <translation>令牌已保存到 %1</translation>
    </message>
    <message>
        <source>Save the wrapping key to go on.</source>
        <translation>保存包装公钥后才能继续。</translation>
    </message>
    <message>
        <source>Save Wrapping Key</source>
        <translation>保存包装公钥</translation>
    </message>
    <message>
        <source>Save Import Token</source>
        <translation>保存导入令牌</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <extracomment>File dialog filter.</extracomment>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Wrapped Material</source>
        <translation>打开包装后的材料</translation>
    </message>
    <message>
        <source>Wrapped material (*.wrapped *.bin);;All files (*)</source>
        <extracomment>File dialog filter.</extracomment>
        <translation>包装后的材料 (*.wrapped *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>The file %1 could not be read or is too large for wrapped key material.</source>
        <extracomment>%1 is a file name.</extracomment>
        <translation>无法读取文件 %1，或其大小超出包装密钥材料的范围。</translation>
    </message>
    <message>
        <source>Importing the key material</source>
        <translation>导入密钥材料</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Imported. Key %1 is now &lt;b&gt;%2&lt;/b&gt;. Material expires: %3.</source>
        <extracomment>After the import; %1 the key, %2 its state (Enabled), %3 when the material expires.</extracomment>
        <translation>导入成功。密钥 %1 现在为&lt;b&gt;%2&lt;/b&gt;。材料过期时间：%3。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Key %1 is &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>密钥 %1 为&lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>PendingImport</source>
        <translation>待导入</translation>
    </message>
</context>
<context>
    <name>kms::ui::IssueCertificateDialog</name>
    <message>
        <source>Issuing a certificate with %1</source>
        <translation>用 %1 签发证书</translation>
    </message>
    <message>
        <source>Issued %1, serial number %2, valid until %3.</source>
        <extracomment>After a certificate was issued: %1 its subject, %2 its serial number, %3 when it ends.</extracomment>
        <translation>已签发 %1，序列号 %2，有效期至 %3。</translation>
    </message>
    <message>
        <source>Open Certificate Request</source>
        <translation>打开证书请求</translation>
    </message>
    <message>
        <source>Save Certificate</source>
        <translation>保存证书</translation>
    </message>
    <message>
        <source>Save Certificate Chain</source>
        <translation>保存证书链</translation>
    </message>
    <message>
        <source>Issue Certificate</source>
        <translation>签发证书</translation>
    </message>
    <message>
        <source>CA:</source>
        <extracomment>The CA certificate that signs the new certificate.</extracomment>
        <translation>CA：</translation>
    </message>
    <message>
        <source>Certificate &amp;request (CSR, PEM):</source>
        <translation>证书请求(&amp;R)（CSR，PEM）：</translation>
    </message>
    <message>
        <source>Open &amp;File…</source>
        <translation>打开文件(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>模板(&amp;P)：</translation>
    </message>
    <message>
        <source>Intermediate CA</source>
        <extracomment>Certificate profile: a CA under this one that can issue certificates itself.</extracomment>
        <translation>中间 CA</translation>
    </message>
    <message>
        <source>TLS server</source>
        <translation>TLS 服务器</translation>
    </message>
    <message>
        <source>TLS client</source>
        <translation>TLS 客户端</translation>
    </message>
    <message>
        <source>Code signing</source>
        <translation>代码签名</translation>
    </message>
    <message>
        <source>&amp;Validity:</source>
        <translation>有效期(&amp;V)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of a validity period in days.</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>The certificate never outlives the CA&apos;s own certificate.</source>
        <translation>签发的证书有效期不会超过 CA 自身证书的有效期。</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>签发(&amp;I)</translation>
    </message>
    <message>
        <source>Issued certificate:</source>
        <translation>签发的证书：</translation>
    </message>
    <message>
        <source>&amp;Save Certificate…</source>
        <translation>保存证书(&amp;S)…</translation>
    </message>
    <message>
        <source>Certificate chain:</source>
        <translation>证书链：</translation>
    </message>
    <message>
        <source>Save C&amp;hain…</source>
        <translation>保存证书链(&amp;H)…</translation>
    </message>
</context>
<context>
    <name>kms::ui::KeyDetailPane</name>
    <message>
        <source>Key details</source>
        <translation>密钥详情</translation>
    </message>
    <message>
        <source>None yet (waiting for imported key material)</source>
        <translation>暂无（等待导入密钥材料）</translation>
    </message>
    <message>
        <source>Every day</source>
        <extracomment>Automatic rotation of a key: its interval in days.</extracomment>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every %1 days</source>
        <translation>每 %1 天</translation>
    </message>
    <message>
        <source>Off</source>
        <extracomment>Automatic rotation of a key: not enabled.</extracomment>
        <translation>未启用</translation>
    </message>
    <message>
        <source>%1 (default key, protected)</source>
        <extracomment>An alias of a default key in the key&apos;s alias list; it cannot be changed.</extracomment>
        <translation>%1（默认密钥，受保护）</translation>
    </message>
    <message>
        <source>No aliases</source>
        <translation>无别名</translation>
    </message>
    <message>
        <source>The public key cannot be read (%1).</source>
        <translation>无法读取公钥（%1）。</translation>
    </message>
    <message>
        <source>Select a key to see its details.</source>
        <translation>选择一个密钥以查看详情。</translation>
    </message>
    <message>
        <source>Key ID:</source>
        <translation>密钥 ID：</translation>
    </message>
    <message>
        <source>Aliases:</source>
        <translation>别名：</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>资源池：</translation>
    </message>
    <message>
        <source>Key spec:</source>
        <translation>密钥规格：</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>密钥用途：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Protection level:</source>
        <translation>保护级别：</translation>
    </message>
    <message>
        <source>Origin:</source>
        <translation>密钥来源：</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>创建时间：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>描述：</translation>
    </message>
    <message>
        <source>Primary version:</source>
        <extracomment>The key version that encrypts and signs now.</extracomment>
        <translation>主版本：</translation>
    </message>
    <message>
        <source>Deleted on:</source>
        <extracomment>The date a key pending deletion will be deleted.</extracomment>
        <translation>计划删除日期：</translation>
    </message>
    <message>
        <source>Automatic rotation:</source>
        <translation>自动轮转：</translation>
    </message>
    <message>
        <source>Last rotation:</source>
        <translation>上次轮转：</translation>
    </message>
    <message>
        <source>Next rotation:</source>
        <translation>下次轮转：</translation>
    </message>
    <message>
        <source>Default key of:</source>
        <extracomment>The product (ecs, obs, ...) whose default key this is.</extracomment>
        <translation>默认密钥所属服务：</translation>
    </message>
    <message>
        <source>Public key (PEM):</source>
        <translation>公钥（PEM）：</translation>
    </message>
    <message>
        <source>%1 (paused while the key is not enabled)</source>
        <extracomment>Automatic rotation of a key that is not enabled: %1 is its interval.</extracomment>
        <translation>%1（密钥未启用，已暂停）</translation>
    </message>
    <message>
        <source>Rotation can be changed only while the key is enabled</source>
        <translation>只有密钥处于启用状态时才能修改轮转策略</translation>
    </message>
    <message>
        <source>Only symmetric keys rotate automatically</source>
        <translation>只有对称密钥支持自动轮转</translation>
    </message>
    <message>
        <source>Turn automatic rotation on or off, or change its interval</source>
        <translation>开启或关闭自动轮转，或修改轮转周期</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>How a key is named in questions: its alias, then its id in brackets.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Rotate Key</source>
        <translation>轮转密钥</translation>
    </message>
    <message>
        <source>Rotate the key %1 now?

A new primary version encrypts from now on; the older versions still decrypt. A key can be rotated by hand at most once in 7 days.</source>
        <translation>确定要立即轮转密钥 %1 吗？

此后由新的主版本加密，旧版本仍可解密。每个密钥 7 天内最多手动轮转一次。</translation>
    </message>
    <message>
        <source>Rotating the key %1</source>
        <translation>轮转密钥 %1</translation>
    </message>
    <message>
        <source>Key versions:</source>
        <translation>密钥版本：</translation>
    </message>
    <message>
        <source>Rotate &amp;Now</source>
        <translation>立即轮转(&amp;N)</translation>
    </message>
    <message>
        <source>Make a new primary version now (at most once in 7 days per key)</source>
        <translation>立即生成新的主版本（每个密钥 7 天内最多一次）</translation>
    </message>
    <message>
        <source>Rotation &amp;Policy…</source>
        <translation>轮转策略(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>kms::ui::KeysPage</name>
    <message>
        <source>Keys</source>
        <extracomment>Navigation entry and title of the key list page.</extracomment>
        <translation>密钥</translation>
    </message>
    <message>
        <source>1 key</source>
        <extracomment>Above the key list: how many keys match the filters.</extracomment>
        <translation>1 个密钥</translation>
    </message>
    <message>
        <source>%1 keys</source>
        <translation>%1 个密钥</translation>
    </message>
    <message>
        <source>Loading the key list</source>
        <translation>加载密钥列表</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>How a key is named in questions: its alias, then its id in brackets.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Enabling the key %1</source>
        <translation>启用密钥 %1</translation>
    </message>
    <message>
        <source>Disabling the key %1</source>
        <translation>禁用密钥 %1</translation>
    </message>
    <message>
        <source>Edit Description</source>
        <translation>修改描述</translation>
    </message>
    <message>
        <source>Description of the key %1:</source>
        <translation>密钥 %1 的描述：</translation>
    </message>
    <message>
        <source>Changing the description of the key %1</source>
        <translation>修改密钥 %1 的描述</translation>
    </message>
    <message>
        <source>Schedule Key Deletion</source>
        <translation>计划删除密钥</translation>
    </message>
    <message>
        <source>The key %1 will be deleted when the waiting period is over. Until then it cannot be used, and the deletion can be cancelled.</source>
        <translation>密钥 %1 将在等待期结束后删除。在此之前该密钥不可使用，且可以取消删除。</translation>
    </message>
    <message>
        <source>&amp;Waiting period:</source>
        <translation>等待期(&amp;W)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of the waiting period before a key is deleted, in days.</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>Delete the key %1 in %2 days?

When the waiting period is over, the key and all its versions are destroyed, and nothing encrypted under it can be decrypted any more.</source>
        <extracomment>Question before a key is scheduled for deletion; %1 names the key, %2 is the number of days (7 to 366) it waits.</extracomment>
        <translation>确定要在 %2 天后删除密钥 %1 吗？

等待期结束后，该密钥及其所有版本都将被销毁，用它加密的任何数据都将无法再解密。</translation>
    </message>
    <message>
        <source>Scheduling the deletion of the key %1</source>
        <extracomment>Dual control: what the second officer approves; %1 names the key.</extracomment>
        <translation>计划删除密钥 %1</translation>
    </message>
    <message>
        <source>Cancelling the deletion of the key %1</source>
        <translation>取消删除密钥 %1</translation>
    </message>
    <message>
        <source>Remove Alias</source>
        <translation>移除别名</translation>
    </message>
    <message>
        <source>Remove the alias %1 from the key %2?

Applications that use the alias will no longer find the key.</source>
        <translation>确定要从密钥 %2 移除别名 %1 吗？

使用该别名的应用将无法再找到此密钥。</translation>
    </message>
    <message>
        <source>Removing the alias %1</source>
        <translation>移除别名 %1</translation>
    </message>
    <message>
        <source>&amp;Create Key…</source>
        <translation>创建密钥(&amp;C)…</translation>
    </message>
    <message>
        <source>Create a new key</source>
        <translation>创建新密钥</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Enable the selected key so it can be used again</source>
        <translation>启用所选密钥，使其可以重新使用</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>禁用(&amp;D)</translation>
    </message>
    <message>
        <source>Disable the selected key: it can no longer be used</source>
        <translation>禁用所选密钥：禁用后将无法使用该密钥</translation>
    </message>
    <message>
        <source>Edit &amp;Description…</source>
        <translation>修改描述(&amp;D)…</translation>
    </message>
    <message>
        <source>Schedule De&amp;letion…</source>
        <translation>计划删除(&amp;L)…</translation>
    </message>
    <message>
        <source>Delete the selected key after a waiting period of 7 to 366 days</source>
        <translation>在 7 至 366 天的等待期结束后删除所选密钥</translation>
    </message>
    <message>
        <source>Cancel Deletio&amp;n</source>
        <translation>取消删除(&amp;N)</translation>
    </message>
    <message>
        <source>Keep the selected key; it stays disabled until you enable it</source>
        <translation>保留所选密钥；在重新启用之前，该密钥保持禁用状态</translation>
    </message>
    <message>
        <source>&amp;Add Alias…</source>
        <translation>添加别名(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Repoint Alias…</source>
        <translation>更改别名指向(&amp;R)…</translation>
    </message>
    <message>
        <source>Point an alias of the selected key at another key</source>
        <translation>将所选密钥的别名指向另一个密钥</translation>
    </message>
    <message>
        <source>Re&amp;move Alias</source>
        <translation>移除别名(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the alias picked in the details (or the key&apos;s only alias)</source>
        <translation>移除在详情中选中的别名（或该密钥唯一的别名）</translation>
    </message>
    <message>
        <source>Copy Key &amp;ID</source>
        <translation>复制密钥 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Key actions</source>
        <translation>密钥操作</translation>
    </message>
    <message>
        <source>Search key ID, alias or description</source>
        <translation>搜索密钥 ID、别名或描述</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>S&amp;pec:</source>
        <translation>密钥规格(&amp;P)：</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>资源池(&amp;G)：</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All specs</source>
        <translation>全部规格</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>全部资源池</translation>
    </message>
</context>
<context>
    <name>kms::ui::LoginDialog</name>
    <message>
        <source>Reading the operators of the key store</source>
        <translation>读取密钥库的操作员</translation>
    </message>
    <message>
        <source>Log In to the KMS Console</source>
        <extracomment>Title of the log-in dialog at start-up.</extracomment>
        <translation>登录 KMS 控制台</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>kms::ui::LoginPanel</name>
    <message>
        <source>Log in</source>
        <extracomment>Title of the log-in form when the console starts.</extracomment>
        <translation>登录</translation>
    </message>
    <message>
        <source>Several officers share this console: log in with your operator name and password. What you do is recorded in the audit trail under your name and role.</source>
        <translation>多名官员共用此控制台：请用操作员名称和口令登录。您的操作将以您的名称和角色记入审计日志。</translation>
    </message>
    <message>
        <source>Console locked</source>
        <extracomment>Title of the lock screen after the operator logged out.</extracomment>
        <translation>控制台已锁定</translation>
    </message>
    <message>
        <source>You logged out. The next operator logs in here.</source>
        <translation>您已注销。下一位操作员在此登录。</translation>
    </message>
    <message>
        <source>The console locked itself after a while without use. Log in again to go on.</source>
        <translation>控制台闲置一段时间后已自动锁定。请重新登录以继续。</translation>
    </message>
    <message>
        <source>Your session ended (it expired, or an administrator froze the operator or changed it). Log in again to go on.</source>
        <translation>您的会话已结束（已过期，或管理员冻结或更改了该操作员）。请重新登录以继续。</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <extracomment>Label of the operator name field of the log-in form.</extracomment>
        <translation>操作员(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Log In</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Wrong operator name or password. After %1 failed log-ins in a row the operator is frozen.</source>
        <translation>操作员名称或口令错误。连续登录失败 %1 次后该操作员将被冻结。</translation>
    </message>
    <message>
        <source>This operator is frozen: only an administrator can unfreeze it.</source>
        <translation>该操作员已被冻结：只有管理员可以解冻。</translation>
    </message>
</context>
<context>
    <name>kms::ui::MainWindow</name>
    <message>
        <source>Keys</source>
        <extracomment>A section of the navigation list.</extracomment>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Aliases</source>
        <extracomment>A section of the navigation list.</extracomment>
        <translation>别名</translation>
    </message>
    <message>
        <source>Crypto workbench</source>
        <extracomment>A section of the navigation list.</extracomment>
        <translation>密码工作台</translation>
    </message>
    <message>
        <source>Rotation</source>
        <extracomment>A section of the navigation list (key rotation).</extracomment>
        <translation>密钥轮转</translation>
    </message>
    <message>
        <source>Deletions</source>
        <extracomment>A section of the navigation list (keys pending deletion).</extracomment>
        <translation>待删除密钥</translation>
    </message>
    <message>
        <source>Certificates</source>
        <extracomment>A section of the navigation list.</extracomment>
        <translation>证书</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>A section of the navigation list (import of key material, BYOK).</extracomment>
        <translation>密钥导入</translation>
    </message>
    <message>
        <source>Audit</source>
        <extracomment>A section of the navigation list (the audit trail).</extracomment>
        <translation>审计</translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>A section of the navigation list.</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>KMS Console</source>
        <extracomment>The main window&apos;s title.</extracomment>
        <translation>KMS 控制台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Reload what the page shows from the key store (F5)</source>
        <translation>从密钥库重新加载当前页面的内容（F5）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About KMS Console</source>
        <translation>关于 KMS 控制台(&amp;A)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Language</source>
        <extracomment>The toolbar button that opens the list of interface languages.</extracomment>
        <translation>语言</translation>
    </message>
    <message>
        <source>Switch the interface language</source>
        <translation>切换界面语言</translation>
    </message>
    <message>
        <source>Coming later</source>
        <extracomment>Tooltip of a navigation entry whose page comes in a later version.</extracomment>
        <translation>将在后续版本中提供</translation>
    </message>
    <message>
        <source>Region: %1</source>
        <extracomment>Status bar: the region (resource pool) the console works in.</extracomment>
        <translation>资源池：%1</translation>
    </message>
    <message>
        <source>software HSM</source>
        <extracomment>Status bar: the built-in software HSM.</extracomment>
        <translation>软件密码机</translation>
    </message>
    <message>
        <source>PKCS#11 HSM (%1)</source>
        <translation>PKCS#11 密码机（%1）</translation>
    </message>
    <message>
        <source>HSM: %1</source>
        <translation>密码机：%1</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <extracomment>Status bar: who is working (recorded in the audit trail).</extracomment>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <extracomment>Status bar: the key store&apos;s file.</extracomment>
        <translation>密钥库：%1</translation>
    </message>
    <message>
        <source>The translation for %1 is missing; the interface stays in English.</source>
        <translation>缺少 %1 的翻译，界面将继续使用英文。</translation>
    </message>
    <message>
        <source>About KMS Console</source>
        <extracomment>The About box; %1 is the version, %2 the Qt version, %3 the data folder.</extracomment>
        <translation>关于 KMS 控制台</translation>
    </message>
    <message>
        <source>KMS Console %1

Keys, aliases and cryptographic operations of a key management service, on a key store of your own.

Qt %2
Data folder: %3</source>
        <translation>KMS 控制台 %1

基于自有密钥库的密钥管理服务：管理密钥和别名，执行密码运算。

Qt %2
数据目录：%3</translation>
    </message>
    <message>
        <source>%1 due</source>
        <extracomment>Status bar, job indicator: jobs whose time has come (rotations, deletions).</extracomment>
        <translation>%1 个到期</translation>
    </message>
    <message>
        <source>%1 failing</source>
        <extracomment>Status bar, job indicator: jobs that failed and wait for a retry.</extracomment>
        <translation>%1 个失败</translation>
    </message>
    <message>
        <source>none due</source>
        <extracomment>Status bar, job indicator: nothing due, nothing failing.</extracomment>
        <translation>无到期任务</translation>
    </message>
    <message>
        <source>Jobs: %1</source>
        <extracomment>Status bar: the scheduled jobs; %1 is e.g. &quot;2 due · 1 failing&quot;.</extracomment>
        <translation>任务：%1</translation>
    </message>
    <message>
        <source>Scheduled jobs (rotations and deletions): %1</source>
        <extracomment>Tooltip of the job indicator: how many jobs wait (rotations and deletions).</extracomment>
        <translation>计划任务（轮转和删除）：%1 个</translation>
    </message>
    <message>
        <source>%1 due now: the console runs due jobs every minute while the store is unlocked.</source>
        <translation>%1 个已到期：密钥库解锁期间，控制台每分钟执行一次到期任务。</translation>
    </message>
    <message>
        <source>%1 failing: they are tried again later, waiting longer after each failure.</source>
        <translation>%1 个失败：稍后会重试，每次失败后的等待时间逐渐延长。</translation>
    </message>
    <message>
        <source>• %1 %2: %3 (next attempt %4)</source>
        <extracomment>A failing job in the job indicator&apos;s tooltip: %1 the kind (ROTATE, DELETE), %2 the key, %3 the error, %4 when it is tried again (local time).</extracomment>
        <translation>• %1 %2：%3（下次尝试 %4）</translation>
    </message>
    <message>
        <source>Last run at %1 failed: %2</source>
        <extracomment>Job indicator tooltip: the last run could not read the jobs; %2 is the error code.</extracomment>
        <translation>%1 的上次运行失败：%2</translation>
    </message>
    <message>
        <source>Last run at %1: %2 done, %3 skipped, %4 failed.</source>
        <extracomment>Job indicator tooltip: the last run of due jobs.</extracomment>
        <translation>上次运行 %1：%2 个已完成，%3 个已跳过，%4 个失败。</translation>
    </message>
    <message>
        <source>&amp;Back Up Key Store…</source>
        <translation>备份密钥库(&amp;B)…</translation>
    </message>
    <message>
        <source>Write the whole key store, encrypted under the master key, to a file (restore it with kmsctl restore)</source>
        <translation>将整个密钥库以根密钥加密后写入文件（用 kmsctl restore 恢复）</translation>
    </message>
    <message>
        <source>Back Up Key Store</source>
        <translation>备份密钥库</translation>
    </message>
    <message>
        <source>Key store backups (*.kmsbackup);;All files (*)</source>
        <translation>密钥库备份 (*.kmsbackup);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Backing up the key store</source>
        <translation>备份密钥库</translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation>备份已写入 %1</translation>
    </message>
    <message>
        <source>connected</source>
        <extracomment>Status bar: the HSM&apos;s connection state.</extracomment>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <extracomment>Status bar: the HSM&apos;s connection state (the token or its server is gone).</extracomment>
        <translation>已断开</translation>
    </message>
    <message>
        <source>PIN needed</source>
        <extracomment>Status bar: the HSM&apos;s user PIN was not given at start-up (Settings → HSMs).</extracomment>
        <translation>需要 PIN</translation>
    </message>
    <message>
        <source>The HSM&apos;s PIN was not given: its keys are not available. Enter it in Settings → HSMs.</source>
        <translation>未提供密码机的 PIN：其密钥不可用。请在“设置 → 密码机”中输入。</translation>
    </message>
    <message>
        <source>not configured</source>
        <extracomment>Status bar: the region names an HSM that has no configuration.</extracomment>
        <translation>未配置</translation>
    </message>
    <message>
        <source>HSM: %1 · %2</source>
        <translation>密码机：%1 · %2</translation>
    </message>
    <message>
        <source>Operators</source>
        <extracomment>A section of the navigation list (operators and their roles).</extracomment>
        <translation>操作员</translation>
    </message>
    <message>
        <source>&amp;Log Out</source>
        <translation>注销(&amp;L)</translation>
    </message>
    <message>
        <source>Log out and lock the console until an operator logs in (Ctrl+L)</source>
        <translation>注销并锁定控制台，直到有操作员登录（Ctrl+L）</translation>
    </message>
    <message>
        <source>Re-key &amp;Master Key…</source>
        <translation>更换根密钥(&amp;M)…</translation>
    </message>
    <message>
        <source>Not for your role</source>
        <extracomment>Tooltip of a navigation entry the logged-in operator&apos;s role may not use.</extracomment>
        <translation>您的角色无权使用</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <extracomment>Status bar: the logged-in operator; %1 the name, %2 the role.</extracomment>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <source>Operator: none (console locked)</source>
        <extracomment>Status bar: nobody is logged in; the console shows the log-in form.</extracomment>
        <translation>操作员：无（控制台已锁定）</translation>
    </message>
    <message>
        <source>The log-out could not be recorded: %1</source>
        <translation>无法记录注销：%1</translation>
    </message>
</context>
<context>
    <name>kms::ui::OperatorDialog</name>
    <message>
        <source>Adding the operator %1</source>
        <translation>添加操作员 %1</translation>
    </message>
    <message>
        <source>Changing the role of %1</source>
        <translation>更改 %1 的角色</translation>
    </message>
    <message>
        <source>Granting %1 a key</source>
        <translation>向 %1 授权密钥</translation>
    </message>
    <message>
        <source>Add Operator</source>
        <translation>添加操作员</translation>
    </message>
    <message>
        <source>Administrators manage operators, regions and HSMs; key officers manage keys, aliases, rotation, deletion, certificates and import; crypto users encrypt, decrypt, sign and verify with the keys granted to them; auditors read key metadata and the audit log.</source>
        <translation>管理员管理操作员、资源池和密码机；密钥管理员管理密钥、别名、轮转、删除、证书和导入；密码使用者用授权给其的密钥加密、解密、签名和验签；审计员查看密钥元数据和审计日志。</translation>
    </message>
    <message>
        <source>Change Role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>The new role applies from the operator&apos;s next call.</source>
        <translation>新角色从该操作员的下一次调用起生效。</translation>
    </message>
    <message>
        <source>Grant Key</source>
        <translation>授权密钥</translation>
    </message>
    <message>
        <source>A crypto user may use only the keys granted to it: choose a key, or type a key id, an alias or a certificate id.</source>
        <translation>密码使用者只能使用授权给它的密钥：请选择一个密钥，或输入密钥 ID、别名或证书 ID。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>R&amp;epeat:</source>
        <translation>重复(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>密钥(&amp;K)：</translation>
    </message>
</context>
<context>
    <name>kms::ui::OperatorsPage</name>
    <message>
        <source>Operators</source>
        <extracomment>Navigation entry and title of the operator list page.</extracomment>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Loading the operators</source>
        <translation>加载操作员</translation>
    </message>
    <message>
        <source>Freeze Operator</source>
        <translation>冻结操作员</translation>
    </message>
    <message>
        <source>Freeze %1? The operator can no longer log in until an administrator unfreezes it; a session it has open ends at its next call.</source>
        <translation>冻结 %1？在管理员解冻之前，该操作员无法登录；其已打开的会话将在下一次调用时结束。</translation>
    </message>
    <message>
        <source>Freezing the operator %1</source>
        <translation>冻结操作员 %1</translation>
    </message>
    <message>
        <source>Unfreezing the operator %1</source>
        <translation>解冻操作员 %1</translation>
    </message>
    <message>
        <source>&amp;Add Operator…</source>
        <translation>添加操作员(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Add First Administrator…</source>
        <translation>添加第一个管理员(&amp;A)…</translation>
    </message>
    <message>
        <source>Add an operator with a role and a password</source>
        <translation>添加具有角色和口令的操作员</translation>
    </message>
    <message>
        <source>Change &amp;Role…</source>
        <translation>更改角色(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Freeze</source>
        <translation>冻结(&amp;F)</translation>
    </message>
    <message>
        <source>Stop the operator from logging in</source>
        <translation>禁止该操作员登录</translation>
    </message>
    <message>
        <source>&amp;Unfreeze</source>
        <translation>解冻(&amp;U)</translation>
    </message>
    <message>
        <source>Let a frozen operator log in again (its failed log-ins start again from zero)</source>
        <translation>允许被冻结的操作员重新登录（其登录失败次数从零重新计数）</translation>
    </message>
    <message>
        <source>&amp;Grant Key…</source>
        <translation>授权密钥(&amp;G)…</translation>
    </message>
    <message>
        <source>Let a crypto user use a key</source>
        <translation>允许密码使用者使用某个密钥</translation>
    </message>
    <message>
        <source>Every operator logs in with a password and acts in one role; the audit trail names the operator and role of every action. %1 failed log-ins in a row freeze an operator.</source>
        <translation>每名操作员用口令登录并以一个角色行事；审计日志记录每个操作的操作员和角色。连续登录失败 %1 次将冻结该操作员。</translation>
    </message>
    <message>
        <source>This console has no operators yet: whoever opens it may do everything. Add the first administrator to make every officer log in with a role (administrator, key officer, crypto user, auditor).</source>
        <translation>此控制台尚无操作员：任何打开它的人都可以执行所有操作。添加第一个管理员后，每名官员都须以某一角色登录（管理员、密钥管理员、密码使用者、审计员）。</translation>
    </message>
    <message>
        <source>Changing the idle time-out</source>
        <translation>更改闲置超时</translation>
    </message>
    <message>
        <source>Changing dual control</source>
        <translation>更改双人控制</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>&amp;Lock the console after (minutes without use):</source>
        <extracomment>The idle time-out: the console locks itself after this many minutes without use.</extracomment>
        <translation>闲置多少分钟后锁定控制台(&amp;L)：</translation>
    </message>
    <message>
        <source>Scheduling a key&apos;s &amp;deletion needs a second key officer&apos;s approval</source>
        <translation>计划删除密钥需要第二名密钥管理员批准(&amp;D)</translation>
    </message>
    <message>
        <source>Re-keying the &amp;master key needs a second administrator&apos;s approval</source>
        <translation>更换根密钥需要第二名管理员批准(&amp;M)</translation>
    </message>
    <message>
        <source>Access &amp;Keys…</source>
        <translation>访问密钥(&amp;K)…</translation>
    </message>
    <message>
        <source>The operator&apos;s access keys for the local signed API (kmsctl serve)</source>
        <translation>该操作员用于本地签名 API（kmsctl serve）的访问密钥</translation>
    </message>
</context>
<context>
    <name>kms::ui::PublicKeyTab</name>
    <message>
        <source>Public key</source>
        <extracomment>Tab of the crypto workbench: GetPublicKey and export to PEM.</extracomment>
        <translation>公钥</translation>
    </message>
    <message>
        <source>The public key of the chosen key version, as PEM (SubjectPublicKeyInfo). Anyone may have it: it verifies signatures and encrypts for this key.</source>
        <translation>所选密钥版本的公钥，PEM 格式（SubjectPublicKeyInfo）。公钥可以公开给任何人，用于验证此密钥的签名，或加密只有此密钥才能解密的数据。</translation>
    </message>
    <message>
        <source>&amp;Export to PEM file…</source>
        <translation>导出为 PEM 文件(&amp;E)…</translation>
    </message>
    <message>
        <source>The public key cannot be read (%1).</source>
        <extracomment>%1 is an error code such as KMS.0301.</extracomment>
        <translation>无法读取公钥（%1）。</translation>
    </message>
    <message>
        <source>Export the public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <source>Exporting the public key</source>
        <translation>导出公钥</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
</context>
<context>
    <name>kms::ui::RotateMasterKeyDialog</name>
    <message>
        <source>Re-key Master Key</source>
        <translation>更换根密钥</translation>
    </message>
    <message>
        <source>A new master key replaces the current one. Every key&apos;s material is wrapped again under it in one step; keys, ciphertexts and the audit trail stay valid. Afterwards the old master key opens nothing. Make a new backup after it.</source>
        <translation>新的根密钥将替换当前根密钥。所有密钥材料一次性在其下重新包装；密钥、密文和审计日志仍然有效。此后旧根密钥无法再打开任何内容。完成后请重新备份。</translation>
    </message>
    <message>
        <source>The new master key is kept under a new entry of the OS keychain; the old entry is removed.</source>
        <translation>新的根密钥保存在操作系统钥匙串的新条目中；旧条目将被删除。</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>新口令(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>重复(&amp;R)：</translation>
    </message>
    <message>
        <source>Shares that &amp;unlock (M):</source>
        <extracomment>Custodians: M of the N shares unlock the store.</extracomment>
        <translation>解锁所需分片数(&amp;U)（M）：</translation>
    </message>
    <message>
        <source>&amp;Custodians (N):</source>
        <translation>保管人数(&amp;C)（N）：</translation>
    </message>
    <message>
        <source>&amp;Save Share Sheets…</source>
        <translation>保存分片单(&amp;S)…</translation>
    </message>
    <message>
        <source>Re-key</source>
        <translation>更换</translation>
    </message>
    <message>
        <source>Enter the new passphrase.</source>
        <translation>请输入新口令。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>Replace the master key now? The old passphrase, shares or keychain entry will no longer open the key store.</source>
        <translation>现在更换根密钥？旧口令、旧分片或旧钥匙串条目将无法再打开密钥库。</translation>
    </message>
    <message>
        <source>Re-keying the master key</source>
        <translation>更换根密钥</translation>
    </message>
    <message>
        <source>The master key was replaced.</source>
        <translation>根密钥已更换。</translation>
    </message>
    <message>
        <source>Hand each custodian one share; they are shown this once. %1 of them unlock the key store.</source>
        <translation>请将分片分别交给每位保管人；分片仅显示这一次。其中任意 %1 份即可解锁密钥库。</translation>
    </message>
    <message>
        <source>Custodian %1: %2</source>
        <translation>保管人 %1：%2</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Folder for the Share Sheets</source>
        <translation>分片单的保存文件夹</translation>
    </message>
</context>
<context>
    <name>kms::ui::RotationPage</name>
    <message>
        <source>Rotation</source>
        <extracomment>Navigation entry and title of the rotation plan page.</extracomment>
        <translation>密钥轮转</translation>
    </message>
    <message>
        <source>1 key rotates automatically</source>
        <extracomment>Above the rotation plan: how many keys have automatic rotation on.</extracomment>
        <translation>1 个密钥自动轮转</translation>
    </message>
    <message>
        <source>%1 keys rotate automatically</source>
        <translation>%1 个密钥自动轮转</translation>
    </message>
    <message>
        <source>Loading the rotation plan</source>
        <translation>加载轮转计划</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>How a key is named in questions: its alias, then its id in brackets.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Rotate Key</source>
        <translation>轮转密钥</translation>
    </message>
    <message>
        <source>Rotate the key %1 now?

A new primary version encrypts from now on; the older versions still decrypt. A key can be rotated by hand at most once in 7 days.</source>
        <translation>确定要立即轮转密钥 %1 吗？

此后由新的主版本加密，旧版本仍可解密。每个密钥 7 天内最多手动轮转一次。</translation>
    </message>
    <message>
        <source>Rotating the key %1</source>
        <translation>轮转密钥 %1</translation>
    </message>
    <message>
        <source>Edit Rotation &amp;Policy…</source>
        <translation>编辑轮转策略(&amp;P)…</translation>
    </message>
    <message>
        <source>Turn automatic rotation of the selected key on or off, or change its interval</source>
        <translation>开启或关闭所选密钥的自动轮转，或修改轮转周期</translation>
    </message>
    <message>
        <source>&amp;Rotate Now</source>
        <translation>立即轮转(&amp;R)</translation>
    </message>
    <message>
        <source>Make a new primary version of the selected key now (at most once in 7 days per key)</source>
        <translation>立即为所选密钥生成新的主版本（每个密钥 7 天内最多一次）</translation>
    </message>
    <message>
        <source>Copy Key &amp;ID</source>
        <translation>复制密钥 ID(&amp;I)</translation>
    </message>
    <message>
        <source>Rotation actions</source>
        <translation>轮转操作</translation>
    </message>
    <message>
        <source>Keys with automatic rotation get a new primary version every interval; the console runs due rotations every minute. Rotation pauses while a key is disabled or pending deletion.</source>
        <translation>开启自动轮转的密钥每个周期生成一个新的主版本；控制台每分钟执行一次到期的轮转。密钥被禁用或待删除期间暂停轮转。</translation>
    </message>
    <message>
        <source>Rotations in the next 12 months</source>
        <extracomment>Title of the timeline below the rotation plan.</extracomment>
        <translation>未来 12 个月的轮转计划</translation>
    </message>
</context>
<context>
    <name>kms::ui::RotationPolicyDialog</name>
    <message>
        <source>Changing the rotation policy of %1</source>
        <extracomment>%1 names the key (its alias or id).</extracomment>
        <translation>修改 %1 的轮转策略</translation>
    </message>
    <message>
        <source>Rotation Policy</source>
        <translation>轮转策略</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>How a key is named in the rotation policy dialog: its alias, then its id in brackets.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>密钥：%1</translation>
    </message>
    <message>
        <source>Rotate the key &amp;automatically</source>
        <translation>自动轮转密钥(&amp;A)</translation>
    </message>
    <message>
        <source>Rotation &amp;interval:</source>
        <translation>轮转周期(&amp;I)：</translation>
    </message>
    <message>
        <source> days</source>
        <extracomment>Suffix of the rotation interval, in days (&quot; days&quot;).</extracomment>
        <translation> 天</translation>
    </message>
    <message>
        <source>&amp;First rotation on:</source>
        <translation>首次轮转日期(&amp;F)：</translation>
    </message>
    <message>
        <source>Without a date, the first rotation comes one interval after the last rotation (or the key&apos;s creation), and never sooner than one interval from now.</source>
        <translation>不指定日期时，首次轮转在上次轮转（或密钥创建）一个周期之后进行，且不早于从现在起的一个周期。</translation>
    </message>
    <message>
        <source>Each rotation makes a new primary key version that encrypts from then on; the older versions still decrypt what they encrypted. The interval is 7 to 730 days. Rotation pauses while the key is disabled or pending deletion.</source>
        <translation>每次轮转都会生成一个新的主密钥版本，此后由它加密；旧版本仍可解密它们加密的数据。轮转周期为 7 到 730 天。密钥被禁用或待删除期间暂停轮转。</translation>
    </message>
</context>
<context>
    <name>kms::ui::RotationTimeline</name>
    <message>
        <source>due now</source>
        <extracomment>A rotation in the timeline&apos;s tooltip whose time has come.</extracomment>
        <translation>已到期</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <extracomment>A rotation of a paused key in the timeline&apos;s tooltip.</extracomment>
        <translation>%1（已暂停）</translation>
    </message>
    <message>
        <source>MMM yyyy</source>
        <extracomment>QDate format of a month column of the rotation timeline (MMM: the English month abbreviation; a translation may use numbers instead, e.g. yyyy年M月).</extracomment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <source>%1: 1 rotation</source>
        <extracomment>Tooltip of a month in the rotation timeline: %1 the month, %2 how many rotations.</extracomment>
        <translation>%1：1 次轮转</translation>
    </message>
    <message>
        <source>%1: %2 rotations</source>
        <translation>%1：%2 次轮转</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <extracomment>The end of a long list in a tooltip.</extracomment>
        <translation>……另有 %1 项</translation>
    </message>
    <message>
        <source>Next rotation: %1</source>
        <extracomment>Tooltip of a key in the rotation timeline: its next rotation (local time).</extracomment>
        <translation>下次轮转：%1</translation>
    </message>
    <message>
        <source>Paused: the key is not enabled.</source>
        <translation>已暂停：密钥未启用。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>No key rotates automatically.</source>
        <translation>没有开启自动轮转的密钥。</translation>
    </message>
    <message>
        <source>Rotations per month</source>
        <extracomment>Header of the rotation timeline, next to the number of rotations per month.</extracomment>
        <translation>每月轮转次数</translation>
    </message>
    <message>
        <source>Planned rotation</source>
        <extracomment>Legend of the rotation timeline: a filled mark.</extracomment>
        <translation>计划轮转</translation>
    </message>
    <message>
        <source>Paused (key not enabled)</source>
        <extracomment>Legend of the rotation timeline: a hollow mark.</extracomment>
        <translation>已暂停（密钥未启用）</translation>
    </message>
    <message>
        <source>Today</source>
        <extracomment>Legend of the rotation timeline: the dashed line of today.</extracomment>
        <translation>今天</translation>
    </message>
    <message>
        <source>MMM</source>
        <extracomment>QDate format of a month in the rotation timeline&apos;s header (MMM: the English month abbreviation; a translation may use numbers instead, e.g. M月). The year is above.</extracomment>
        <translation>M月</translation>
    </message>
</context>
<context>
    <name>kms::ui::SetupWizard</name>
    <message>
        <source>Set up the key store</source>
        <translation>初始化密钥库</translation>
    </message>
    <message>
        <source>Master key protection</source>
        <translation>根密钥保护</translation>
    </message>
    <message>
        <source>Every key is stored wrapped under one master key. Choose what protects it.</source>
        <translation>所有密钥均由同一个根密钥加密封装后存储。请选择根密钥的保护方式。</translation>
    </message>
    <message>
        <source>The OS keychain unlocks the store when you log in. A passphrase is asked for at every start; nobody can recover it for you.</source>
        <translation>使用操作系统钥匙串时，登录系统即可解锁密钥库。使用口令时，每次启动都需要输入口令；口令一旦遗忘，任何人都无法帮您找回。</translation>
    </message>
    <message>
        <source>&amp;OS keychain (Secret Service)</source>
        <translation>操作系统钥匙串（Secret Service）(&amp;O)</translation>
    </message>
    <message>
        <source>The master key is kept in your desktop&apos;s keychain.</source>
        <translation>根密钥保存在桌面环境的钥匙串中。</translation>
    </message>
    <message>
        <source>No keychain is available in this session.</source>
        <translation>当前会话中没有可用的钥匙串。</translation>
    </message>
    <message>
        <source>&amp;Passphrase (Argon2id)</source>
        <translation>口令（Argon2id）(&amp;P)</translation>
    </message>
    <message>
        <source>The OS keychain could not keep the master key. Choose a passphrase instead.</source>
        <translation>操作系统钥匙串无法保存根密钥，请改用口令。</translation>
    </message>
    <message>
        <source>P&amp;assphrase:</source>
        <translation>口令(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>确认口令(&amp;R)：</translation>
    </message>
    <message>
        <source>Strength:</source>
        <extracomment>Label of the bar that shows how strong the typed passphrase is.</extracomment>
        <translation>强度：</translation>
    </message>
    <message>
        <source>First region</source>
        <translation>首个资源池</translation>
    </message>
    <message>
        <source>A region (resource pool) is a partition of the key store bound to one HSM.</source>
        <translation>资源池是密钥库中与一台密码机绑定的分区。</translation>
    </message>
    <message>
        <source>Keys are created in a region. This first region uses the built-in software HSM; more can be added later.</source>
        <translation>密钥在资源池中创建。首个资源池使用内置的软件密码机，以后还可以添加更多资源池。</translation>
    </message>
    <message>
        <source>Region &amp;id:</source>
        <translation>资源池 ID(&amp;I)：</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;_&apos; and &apos;-&apos;, at most 64 characters, for example &quot;local-1&quot;.</source>
        <translation>可包含字母、数字、“_”和“-”，最多 64 个字符，例如“local-1”。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>确认设置</translation>
    </message>
    <message>
        <source>Finish creates the key store with these settings.</source>
        <translation>点击“完成”将按以下设置创建密钥库。</translation>
    </message>
    <message>
        <source>Type a passphrase: long and unusual is best, for example several unrelated words.</source>
        <translation>请输入口令：越长、越不常见越好，例如由几个互不相关的词组成。</translation>
    </message>
    <message>
        <source>weak</source>
        <extracomment>Strength rating of a passphrase.</extracomment>
        <translation>弱</translation>
    </message>
    <message>
        <source>fair</source>
        <extracomment>Strength rating of a passphrase.</extracomment>
        <translation>一般</translation>
    </message>
    <message>
        <source>good</source>
        <extracomment>Strength rating of a passphrase.</extracomment>
        <translation>良好</translation>
    </message>
    <message>
        <source>strong</source>
        <extracomment>Strength rating of a passphrase.</extracomment>
        <translation>强</translation>
    </message>
    <message>
        <source>%1 characters, %2 of 5 character classes, about %3 bits: %4</source>
        <extracomment>%1 characters, %2 character classes (lower case, upper case, digits, symbols, other), %3 estimated bits of entropy, %4 the rating (weak, fair, good, strong).</extracomment>
        <translation>%1 个字符，包含 5 类字符中的 %2 类，约 %3 位熵：%4</translation>
    </message>
    <message>
        <source>Type the passphrase twice.</source>
        <translation>请输入两次口令。</translation>
    </message>
    <message>
        <source>Repeat the passphrase.</source>
        <translation>请再次输入口令。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <source>The two passphrases match.</source>
        <translation>两次输入的口令一致。</translation>
    </message>
    <message>
        <source>the OS keychain</source>
        <translation>操作系统钥匙串</translation>
    </message>
    <message>
        <source>a passphrase (asked for at every start)</source>
        <translation>口令（每次启动时输入）</translation>
    </message>
    <message>
        <source>Keeping the master key in the OS keychain</source>
        <translation>将根密钥保存到操作系统钥匙串</translation>
    </message>
    <message>
        <source>Creating the key store</source>
        <translation>创建密钥库</translation>
    </message>
    <message>
        <source>Custodian &amp;shares (M of N)</source>
        <translation>保管人分片（N 取 M）(&amp;S)</translation>
    </message>
    <message>
        <source>The master key is split into N shares held by N people; any M of them unlock it.</source>
        <translation>根密钥被拆分为 N 个分片，由 N 人分别保管；其中任意 M 人即可解锁。</translation>
    </message>
    <message>
        <source>Shares &amp;needed (M):</source>
        <extracomment>M: how many custodians&apos; shares are needed to unlock the store.</extracomment>
        <translation>解锁所需分片数 (M)(&amp;N)：</translation>
    </message>
    <message>
        <source>Cus&amp;todians (N):</source>
        <extracomment>N: how many custodians receive a share.</extracomment>
        <translation>保管人数 (N)(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <extracomment>The button of the summary page that creates a custodians store (no way back after it).</extracomment>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>Any %1 of the %2 custodians together unlock the key store; fewer cannot. Each share is shown once, right after the store is created: print it or write it down then, because the console keeps no copy.</source>
        <extracomment>%1 = M, %2 = N of the custodian shares.</extracomment>
        <translation>%2 位保管人中任意 %1 位共同即可解锁密钥库，人数不足则不能。每个分片只在密钥库创建后显示一次：请当场打印或抄写，控制台不保留任何副本。</translation>
    </message>
    <message>
        <source>Create makes the key store with these settings; the custodians&apos; shares come next, each shown once.</source>
        <translation>点击“创建”将按以上设置创建密钥库；随后逐一显示各保管人的分片，每个只显示一次。</translation>
    </message>
    <message>
        <source>custodian shares, any %1 of %2 (asked for at every start; the shares are shown on the next page)</source>
        <extracomment>%1 = M, %2 = N.</extracomment>
        <translation>保管人分片，%2 个中任意 %1 个（每次启动时输入；分片在下一页显示）</translation>
    </message>
    <message>
        <source>The key store has been created, but not every custodian has taken a share. Shares not taken now are lost for good: if fewer than %1 custodians hold one, the key store can never be unlocked.

Close anyway?</source>
        <extracomment>%1 = M, how many shares unlock the store.</extracomment>
        <translation>密钥库已创建，但并非所有保管人都已领取分片。现在未领取的分片将永久丢失：如果持有分片的保管人少于 %1 位，密钥库将永远无法解锁。

仍要关闭吗？</translation>
    </message>
    <message>
        <source>Closing the set-up</source>
        <translation>关闭初始化向导</translation>
    </message>
    <message>
        <source>Custodian shares</source>
        <translation>保管人分片</translation>
    </message>
    <message>
        <source>The key store is created. Hand each custodian their share, one at a time.</source>
        <translation>密钥库已创建。请逐一将分片交给各位保管人。</translation>
    </message>
    <message>
        <source>&amp;Next custodian</source>
        <extracomment>The button that moves on to the next custodian&apos;s share (no way back).</extracomment>
        <translation>下一位保管人(&amp;N)</translation>
    </message>
    <message>
        <source>Custodian %1 of %2</source>
        <extracomment>Heading of the page that shows one custodian&apos;s share; %1 of %2 custodians.</extracomment>
        <translation>保管人 %1 / 共 %2 位</translation>
    </message>
    <message>
        <source>Only custodian %1 should see the screen now. Copy the share by hand, or save the printable sheet and print it: the console keeps no copy and cannot show it again. Any %2 of the %3 custodians together unlock the key store.</source>
        <translation>此时只应由保管人 %1 查看屏幕。请手工抄写分片，或保存可打印页并打印：控制台不保留副本，也无法再次显示。%3 位保管人中任意 %2 位共同即可解锁密钥库。</translation>
    </message>
    <message>
        <source>Save printable sheet as &amp;PDF…</source>
        <extracomment>The button that writes one custodian&apos;s printable share sheet.</extracomment>
        <translation>将可打印页保存为 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Writes a one-page sheet with this share to a file of your choice, for printing. Delete the file once it is printed.</source>
        <translation>将含有此分片的一页文档写入您选择的文件，用于打印。打印后请删除该文件。</translation>
    </message>
    <message>
        <source>Custodian %1 has taken the share</source>
        <translation>保管人 %1 已领取分片</translation>
    </message>
    <message>
        <source>Checksum: %1. The last group checks the rest, so the console can tell a mistyped share from a wrong one.</source>
        <extracomment>%1 the checksum, the last group of the share (8 hex digits).</extracomment>
        <translation>校验码：%1。最后一组用于校验其余部分，控制台据此区分输错的分片和错误的分片。</translation>
    </message>
    <message>
        <source>Saving the share sheet</source>
        <translation>保存分片页</translation>
    </message>
    <message>
        <source>The sheet could not be written to %1: %2</source>
        <translation>无法将分片页写入 %1：%2</translation>
    </message>
    <message>
        <source>Saved to %1. Print it, hand it over, then delete the file.</source>
        <extracomment>%1 the file the custodian&apos;s sheet was written to.</extracomment>
        <translation>已保存到 %1。请打印并交付，然后删除该文件。</translation>
    </message>
    <message>
        <source>Save the sheet of custodian %1</source>
        <translation>保存保管人 %1 的分片页</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Creating the first administrator (add it later on the Operators page)</source>
        <translation>创建第一个管理员（可稍后在“操作员”页面添加）</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Whether officers log in to this console, each with a role.</source>
        <translation>官员是否需以各自的角色登录此控制台。</translation>
    </message>
    <message>
        <source>When several officers share this console, each logs in with a password and acts in one role: administrator (operators, regions, HSMs), key officer (keys, aliases, rotation, deletion, certificates, import), crypto user (encrypt, decrypt, sign and verify with the keys granted) or auditor (key metadata and the audit log). The audit trail names the operator and role of every action. Without operators, whoever opens the console may do everything.</source>
        <translation>多名官员共用此控制台时，每人用口令登录并以一个角色行事：管理员（操作员、资源池、密码机）、密钥管理员（密钥、别名、轮转、删除、证书、导入）、密码使用者（用授权的密钥加密、解密、签名和验签）或审计员（密钥元数据和审计日志）。审计日志记录每个操作的操作员和角色。没有操作员时，任何打开控制台的人都可以执行所有操作。</translation>
    </message>
    <message>
        <source>Officers &amp;log in with roles: create the first administrator</source>
        <translation>官员以角色登录(&amp;L)：创建第一个管理员</translation>
    </message>
    <message>
        <source>Administrator &amp;name:</source>
        <translation>管理员名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>口令(&amp;W)：</translation>
    </message>
    <message>
        <source>Re&amp;peat:</source>
        <translation>重复(&amp;P)：</translation>
    </message>
    <message>
        <source>log in with roles; first administrator: %1</source>
        <extracomment>Summary of the set-up: %1 names the first administrator.</extracomment>
        <translation>以角色登录；第一个管理员：%1</translation>
    </message>
    <message>
        <source>none (no log-in)</source>
        <translation>无（无需登录）</translation>
    </message>
    <message>
        <source>Data folder: %1
Master key protected by: %2
First region: %3 (software HSM)
Operators: %4</source>
        <translation>数据文件夹：%1
根密钥保护方式：%2
第一个资源池：%3（软件密码机）
操作员：%4</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>The button that closes the set-up wizard without making a store.</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <extracomment>The set-up wizard&apos;s last button: makes the key store.</extracomment>
        <translation>完成(&amp;F)</translation>
    </message>
</context>
<context>
    <name>kms::ui::SignVerifyTab</name>
    <message>
        <source>Sign / verify</source>
        <extracomment>Tab of the crypto workbench: AsymmetricSign / AsymmetricVerify.</extracomment>
        <translation>签名 / 验签</translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation>算法(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>消息(&amp;M)：</translation>
    </message>
    <message>
        <source>Text</source>
        <extracomment>What is signed: a text typed here.</extracomment>
        <translation>文本</translation>
    </message>
    <message>
        <source>File</source>
        <extracomment>What is signed: the content of a file.</extracomment>
        <translation>文件</translation>
    </message>
    <message>
        <source>Digest (hex)</source>
        <extracomment>What is signed: a digest computed elsewhere, typed in hexadecimal.</extracomment>
        <translation>摘要（十六进制）</translation>
    </message>
    <message>
        <source>Digest (base64)</source>
        <extracomment>What is signed: a digest computed elsewhere, typed in base64.</extracomment>
        <translation>摘要（base64）</translation>
    </message>
    <message>
        <source>Text to sign or verify (signed as UTF-8)</source>
        <translation>要签名或验签的文本（按 UTF-8 编码签名）</translation>
    </message>
    <message>
        <source>File to sign or verify</source>
        <translation>要签名或验签的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The 32-byte digest in base64 (SHA-256, or SM3 with Z_A for SM2)</source>
        <translation>base64 格式的 32 字节摘要（SHA-256；SM2 为含 Z_A 的 SM3 摘要）</translation>
    </message>
    <message>
        <source>The 32-byte digest in hex (SHA-256, or SM3 with Z_A for SM2)</source>
        <translation>十六进制格式的 32 字节摘要（SHA-256；SM2 为含 Z_A 的 SM3 摘要）</translation>
    </message>
    <message>
        <source>Si&amp;gnature (base64):</source>
        <translation>签名值（base64）(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Sign</source>
        <translation>签名(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>验签(&amp;V)</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>The digest is not hexadecimal.</source>
        <translation>摘要不是有效的十六进制数据。</translation>
    </message>
    <message>
        <source>The digest is not base64.</source>
        <translation>摘要不是有效的 base64 数据。</translation>
    </message>
    <message>
        <source>The digest must be %1 bytes long; this one has %2 bytes.</source>
        <extracomment>%1 is the expected digest length in bytes, %2 the length typed.</extracomment>
        <translation>摘要长度必须为 %1 字节，当前为 %2 字节。</translation>
    </message>
    <message>
        <source>Choose a readable file to sign or verify.</source>
        <translation>请选择一个可读取的文件进行签名或验签。</translation>
    </message>
    <message>
        <source>Computing the digest of %1…</source>
        <extracomment>%1 is a file name; shown beside the progress bar.</extracomment>
        <translation>正在计算 %1 的摘要…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Verifying the signature</source>
        <translation>验签</translation>
    </message>
    <message>
        <source>Signed with %1 by key version %2.</source>
        <extracomment>%1 is a signature algorithm, %2 a key version id.</extracomment>
        <translation>已使用 %1 算法和密钥版本 %2 完成签名。</translation>
    </message>
    <message>
        <source>✔ The signature is valid.</source>
        <translation>✔ 签名有效。</translation>
    </message>
    <message>
        <source>✘ The signature is NOT valid for this message, key version and algorithm.</source>
        <translation>✘ 对于此消息、密钥版本和算法，签名无效。</translation>
    </message>
</context>
<context>
    <name>kms::ui::TextCryptoTab</name>
    <message>
        <source>Text</source>
        <extracomment>Tab of the crypto workbench: Encrypt/Decrypt of a text.</extracomment>
        <translation>文本</translation>
    </message>
    <message>
        <source>&amp;Plaintext:</source>
        <translation>明文(&amp;P)：</translation>
    </message>
    <message>
        <source>Text to encrypt (at most 4 KiB as UTF-8)</source>
        <translation>要加密的文本（UTF-8 编码后最多 4 KiB）</translation>
    </message>
    <message>
        <source>Encryption &amp;context:</source>
        <translation>加密上下文(&amp;C)：</translation>
    </message>
    <message>
        <source>Optional, one key=value per line, for example department=finance</source>
        <extracomment>Placeholder of the encryption context field; keep &quot;key=value&quot; as is.</extracomment>
        <translation>可选，每行一个 key=value，例如 department=finance</translation>
    </message>
    <message>
        <source>C&amp;iphertext blob (base64):</source>
        <translation>密文（base64）(&amp;I)：</translation>
    </message>
    <message>
        <source>Paste a ciphertext blob here to decrypt it</source>
        <translation>在此粘贴密文以解密</translation>
    </message>
    <message>
        <source>&amp;Encrypt</source>
        <translation>加密(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Decrypt</source>
        <translation>解密(&amp;D)</translation>
    </message>
    <message>
        <source>Decrypts the ciphertext blob; it names its own key, so no key needs to be picked</source>
        <translation>解密密文；密文中记录了所用的密钥，因此无需选择密钥</translation>
    </message>
    <message>
        <source>Encrypts the plaintext with %1</source>
        <translation>使用 %1 加密明文</translation>
    </message>
    <message>
        <source>Pick an enabled symmetric key for encryption</source>
        <translation>请选择一个已启用的对称密钥用于加密</translation>
    </message>
    <message>
        <source>Line %1 of the encryption context is not of the form key=value.</source>
        <extracomment>%1 is a line number of the encryption context field.</extracomment>
        <translation>加密上下文第 %1 行不是 key=value 格式。</translation>
    </message>
    <message>
        <source>The encryption context names &quot;%1&quot; more than once.</source>
        <translation>加密上下文中的键“%1”重复出现。</translation>
    </message>
    <message>
        <source>Encrypting the text</source>
        <translation>加密文本</translation>
    </message>
    <message>
        <source>Encrypted with key %1, version %2.</source>
        <extracomment>%1 is a key id, %2 a key version id.</extracomment>
        <translation>已使用密钥 %1（版本 %2）加密。</translation>
    </message>
    <message>
        <source>Decrypting the text</source>
        <translation>解密文本</translation>
    </message>
    <message>
        <source>Decrypted with key %1, version %2.</source>
        <extracomment>%1 is a key id, %2 a key version id.</extracomment>
        <translation>已使用密钥 %1（版本 %2）解密。</translation>
    </message>
    <message>
        <source>Decrypted with key %1, version %2. The plaintext is not UTF-8 text, so it is shown in base64.</source>
        <translation>已使用密钥 %1（版本 %2）解密。明文不是 UTF-8 文本，因此以 base64 显示。</translation>
    </message>
</context>
<context>
    <name>kms::ui::UnlockDialog</name>
    <message>
        <source>Unlock the key store</source>
        <translation>解锁密钥库</translation>
    </message>
    <message>
        <source>The key store in %1 is locked. Type its passphrase to unlock it.</source>
        <translation>%1 中的密钥库已锁定。请输入口令解锁。</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>The passphrase is wrong (attempt %1). Type it again.</source>
        <extracomment>Shown in the unlock dialog after a wrong passphrase; %1 counts the failed tries.</extracomment>
        <translation>口令错误（第 %1 次尝试），请重新输入。</translation>
    </message>
    <message>
        <source>Unlocking the key store</source>
        <translation>解锁密钥库</translation>
    </message>
    <message>
        <source>Unlocking the key store with the OS keychain</source>
        <translation>通过操作系统钥匙串解锁密钥库</translation>
    </message>
    <message>
        <source>The key store in %1 is locked. Any %2 of its %3 custodians unlock it: each types or pastes their share below. Spaces, line breaks and upper or lower case do not matter.</source>
        <extracomment>%1 the data folder, %2 = M, %3 = N of the custodian shares.</extracomment>
        <translation>%1 中的密钥库已锁定。%3 位保管人中任意 %2 位即可解锁：请各自在下方输入或粘贴分片。空格、换行和大小写不影响结果。</translation>
    </message>
    <message>
        <source>Share %1 of %2:</source>
        <extracomment>Label of the box for one custodian&apos;s share; %1 of %2 shares needed.</extracomment>
        <translation>分片 %1 / 共需 %2 个：</translation>
    </message>
    <message>
        <source>These shares do not unlock the key store (attempt %1): %2.</source>
        <extracomment>Shown in the unlock dialog when custodian shares do not unlock the store; %1 counts the failed tries, %2 is the reason in English (it names the share, e.g. &quot;share 2 fails its checksum&quot;).</extracomment>
        <translation>这些分片无法解锁密钥库（第 %1 次尝试）：%2。</translation>
    </message>
</context>
<context>
    <name>kms::ui::UploadCertificateDialog</name>
    <message>
        <source>Open Certificate</source>
        <translation>打开证书</translation>
    </message>
    <message>
        <source>Open Certificate Chain</source>
        <translation>打开证书链</translation>
    </message>
    <message>
        <source>Uploading the certificate of %1</source>
        <translation>上传 %1 的证书</translation>
    </message>
    <message>
        <source>Upload Certificate</source>
        <translation>上传证书</translation>
    </message>
    <message>
        <source>The certificate a CA issued for the CSR of %1, and the chain of the CA&apos;s certificates (optional). A certificate already uploaded is replaced, for example by a renewed one.</source>
        <extracomment>%1 is the subject of the certificate whose key pair waits for its certificate.</extracomment>
        <translation>CA 为 %1 的证书请求签发的证书，以及 CA 的证书链（可选）。已上传的证书会被替换，例如换成续期后的证书。</translation>
    </message>
    <message>
        <source>&amp;Certificate (PEM, or load a PEM or DER file):</source>
        <translation>证书(&amp;C)（PEM，或打开 PEM、DER 文件）：</translation>
    </message>
    <message>
        <source>Open &amp;File…</source>
        <translation>打开文件(&amp;F)…</translation>
    </message>
    <message>
        <source>C&amp;hain (PEM, optional):</source>
        <translation>证书链(&amp;H)（PEM，可选）：</translation>
    </message>
    <message>
        <source>Open F&amp;ile…</source>
        <translation>打开文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Upload</source>
        <translation>上传(&amp;U)</translation>
    </message>
</context>
<context>
    <name>kms::ui::WorkbenchPage</name>
    <message>
        <source>Crypto workbench</source>
        <extracomment>Page of the main window&apos;s navigation.</extracomment>
        <translation>密码工作台</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Filter keys…</source>
        <translation>筛选密钥…</translation>
    </message>
    <message>
        <source>No enabled key</source>
        <translation>没有已启用的密钥</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>密钥版本(&amp;V)：</translation>
    </message>
    <message>
        <source>The key version for signatures and asymmetric encryption: the primary version, or another live version typed in</source>
        <translation>用于签名和非对称加密的密钥版本：默认为主版本，也可以输入其他可用版本</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <extracomment>Entry of the key picker: %1 alias or key id, %2 key spec, %3 key usage.</extracomment>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>Loading the keys</source>
        <translation>加载密钥</translation>
    </message>
    <message>
        <source>Opening the key in the workbench</source>
        <translation>在工作台中打开密钥</translation>
    </message>
    <message>
        <source>The primary version</source>
        <extracomment>Tool tip of the primary version in the version picker.</extracomment>
        <translation>主版本</translation>
    </message>
    <message>
        <source>There is no enabled key. Create or enable one on the Keys page; decryption needs no key.</source>
        <translation>没有已启用的密钥。请在“密钥”页面创建或启用密钥；解密无需选择密钥。</translation>
    </message>
    <message>
        <source>No enabled key matches the filter.</source>
        <translation>没有符合筛选条件的已启用密钥。</translation>
    </message>
    <message>
        <source>Showing %1 of %2 enabled keys; type in the filter to find the others.</source>
        <extracomment>%1 and %2 are numbers of keys.</extracomment>
        <translation>显示 %2 个已启用密钥中的 %1 个；输入筛选条件可查找其他密钥。</translation>
    </message>
    <message>
        <source>Idle</source>
        <extracomment>State of the workbench&apos;s worker: nothing runs.</extracomment>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
</context>
</TS>
