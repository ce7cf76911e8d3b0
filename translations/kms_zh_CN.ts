<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <source>init needs exactly one of --keychain, --passphrase and --passphrase-file FILE</source>
        <translation>init 只能指定 --keychain、--passphrase、--passphrase-file 文件 中的一个</translation>
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
        <translation>已在 %1 初始化密钥库（主密钥由%2保护）。</translation>
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
        <translation>密钥库：%1，主密钥由%2保护</translation>
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
    <message>
        <source>audit takes: verify</source>
        <translation>audit 的用法：verify</translation>
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
        <source>region takes: list | add ID [DESCRIPTION]</source>
        <translation>region 的用法：list | add 资源池ID [描述]</translation>
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
        <source>Usage: kmsctl [--data-dir DIR] [--passphrase-file FILE] [--operator NAME] COMMAND

Commands:
  init --keychain | --passphrase | --passphrase-file FILE [--region ID]
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
                         sign a file's digest / verify a signature of it
  audit verify           verify the audit chain
  region list | region add ID [DESCRIPTION]
  config list | config get NAME | config set NAME VALUE

Passphrases are read from --passphrase-file or asked for on the terminal,
never taken from the command line. Exit status: 0 success, 1 KMS error,
2 usage error.
</source>
        <translation>用法：kmsctl [--data-dir 目录] [--passphrase-file 文件] [--operator 操作员] 命令

命令：
  init --keychain | --passphrase | --passphrase-file 文件 [--region 资源池ID]
       [--argon2-memory-kib N] [--argon2-iterations N]
                         创建密钥库；主密钥保存在操作系统钥匙串中，
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
  region list | region add 资源池ID [描述]
  config list | config get 名称 | config set 名称 值

口令从 --passphrase-file 读取或在终端上询问，绝不从命令行获取。
退出码：0 成功，1 KMS 错误，2 用法错误。
</translation>
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
</context>
</TS>