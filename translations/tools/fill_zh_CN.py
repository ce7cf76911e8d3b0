#!/usr/bin/env python3
"""Fills kms_zh_CN.ts from the table below (source text -> Chinese). Run after lupdate;
reports every source text that has no translation yet, and exits 1 if there is one."""
import sys
import xml.etree.ElementTree as ET

ZH = {
    "an option is missing its value": "某个选项缺少取值",
    "unknown command: %1": "未知命令：%1",
    "kmsctl: %1": "kmsctl：%1",
    "error %1 (HTTP %2): %3 / %4": "错误 %1（HTTP %2）：%3 / %4",
    "Passphrase of the key store: ": "密钥库口令：",
    "init takes --keychain, --passphrase or --passphrase-file FILE":
        "init 需要 --keychain、--passphrase 或 --passphrase-file 文件",
    "init needs exactly one of --keychain, --passphrase and --passphrase-file FILE":
        "init 只能指定 --keychain、--passphrase、--passphrase-file 文件 中的一个",
    "New passphrase: ": "新口令：",
    "Repeat the passphrase: ": "再次输入口令：",
    "no terminal to ask for the passphrase": "没有可用于输入口令的终端",
    "the two passphrases differ": "两次输入的口令不一致",
    "cannot read the passphrase file %1": "无法读取口令文件 %1",
    "Initialised the key store in %1 (master key protected by %2).":
        "已在 %1 初始化密钥库（主密钥由%2保护）。",
    "the OS keychain": "操作系统钥匙串",
    "a passphrase": "口令",
    "status takes no arguments": "status 不接受参数",
    "Data folder: %1": "数据目录：%1",
    "Key store: none yet (kmsctl init creates it)": "密钥库：尚未创建（用 kmsctl init 创建）",
    "Key store: %1, master key protected by %2": "密钥库：%1，主密钥由%2保护",
    "unlock takes no arguments": "unlock 不接受参数",
    "The key store in %1 unlocks.": "%1 中的密钥库可以解锁。",
    "call takes an action and an optional JSON object (or - for stdin)":
        "call 需要一个操作名和可选的 JSON 对象（或用 - 从标准输入读取）",
    "unknown action %1; kmsctl actions lists them": "未知操作 %1；kmsctl actions 可列出所有操作",
    "cannot read the request from standard input": "无法从标准输入读取请求",
    "audit takes: verify": "audit 的用法：verify",
    "Audit chain intact: %n row(s) verified.": "审计链完整：已校验 %n 行。",
    "Audit chain BROKEN at row %1 (%2): %3": "审计链在第 %1 行被破坏（%2）：%3",
    "Added region %1.": "已添加资源池 %1。",
    "region takes: list | add ID [DESCRIPTION]": "region 的用法：list | add 资源池ID [描述]",
    "(default)": "（默认值）",
    "the Argon2id options take whole numbers": "Argon2id 选项需要整数",
    "encrypt takes --key ID --in FILE --out FILE": "encrypt 的用法：--key 密钥ID --in 文件 --out 文件",
    "cannot read %1": "无法读取 %1",
    "cannot write %1": "无法写入 %1",
    "decrypt takes --in FILE --out FILE": "decrypt 的用法：--in 文件 --out 文件",
    "verify takes --key ID [--key-version V] --algorithm ALG --in FILE --signature SIG":
        "verify 的用法：--key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --signature 签名",
    "sign takes --key ID [--key-version V] --algorithm ALG --in FILE --out SIG":
        "sign 的用法：--key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --out 签名",
    "Signature valid.": "签名有效。",
    "Signature NOT valid.": "签名无效。",
    "config takes: list | get NAME | set NAME VALUE; names: %1":
        "config 的用法：list | get 名称 | set 名称 值；可用名称：%1",
    "Usage: kmsctl [--data-dir DIR] [--passphrase-file FILE] [--operator NAME] COMMAND\n"
    "\n"
    "Commands:\n"
    "  init --keychain | --passphrase | --passphrase-file FILE [--region ID]\n"
    "       [--argon2-memory-kib N] [--argon2-iterations N]\n"
    "                         create the key store; the master key is kept in\n"
    "                         the OS keychain or protected by a passphrase\n"
    "  status                 where the store is and how it is protected\n"
    "                         (exit status 1 when there is none yet)\n"
    "  unlock                 check that the store unlocks\n"
    "  call ACTION [JSON|-]   run a KMS action and print its response envelope\n"
    "  actions                list the actions\n"
    "  encrypt --key ID --in FILE --out FILE\n"
    "                         envelope-encrypt a file of any size (- is stdin/out)\n"
    "  decrypt --in FILE --out FILE\n"
    "                         decrypt a file made by kmsctl encrypt\n"
    "  sign --key ID [--key-version V] --algorithm ALG --in FILE --out SIG\n"
    "  verify --key ID [--key-version V] --algorithm ALG --in FILE --signature SIG\n"
    "                         sign a file's digest / verify a signature of it\n"
    "  audit verify           verify the audit chain\n"
    "  region list | region add ID [DESCRIPTION]\n"
    "  config list | config get NAME | config set NAME VALUE\n"
    "\n"
    "Passphrases are read from --passphrase-file or asked for on the terminal,\n"
    "never taken from the command line. Exit status: 0 success, 1 KMS error,\n"
    "2 usage error.\n":
    "用法：kmsctl [--data-dir 目录] [--passphrase-file 文件] [--operator 操作员] 命令\n"
    "\n"
    "命令：\n"
    "  init --keychain | --passphrase | --passphrase-file 文件 [--region 资源池ID]\n"
    "       [--argon2-memory-kib N] [--argon2-iterations N]\n"
    "                         创建密钥库；主密钥保存在操作系统钥匙串中，\n"
    "                         或由口令保护\n"
    "  status                 显示密钥库位置及其保护方式\n"
    "                         （尚无密钥库时退出码为 1）\n"
    "  unlock                 检查密钥库能否解锁\n"
    "  call 操作 [JSON|-]     执行一个 KMS 操作并打印响应\n"
    "  actions                列出所有操作\n"
    "  encrypt --key 密钥ID --in 文件 --out 文件\n"
    "                         信封加密任意大小的文件（- 表示标准输入/输出）\n"
    "  decrypt --in 文件 --out 文件\n"
    "                         解密由 kmsctl encrypt 生成的文件\n"
    "  sign --key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --out 签名\n"
    "  verify --key 密钥ID [--key-version 版本] --algorithm 算法 --in 文件 --signature 签名\n"
    "                         对文件摘要签名 / 验证文件的签名\n"
    "  audit verify           校验审计链\n"
    "  region list | region add 资源池ID [描述]\n"
    "  config list | config get 名称 | config set 名称 值\n"
    "\n"
    "口令从 --passphrase-file 读取或在终端上询问，绝不从命令行获取。\n"
    "退出码：0 成功，1 KMS 错误，2 用法错误。\n",
}


def main(path):
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if translation.get("type") == "unfinished" or not (translation.text or list(translation)):
            text = ZH.get(source)
            if text is None:
                missing.append(source)
                continue
            translation.attrib.pop("type", None)
            forms = translation.findall("numerusform")
            if message.get("numerus") == "yes":
                if not forms:
                    forms = [ET.SubElement(translation, "numerusform")]
                for form in forms:
                    form.text = text
            else:
                translation.text = text
    tree.write(path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print("untranslated:", repr(source))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "translations/kms_zh_CN.ts"))
