<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name></name>
    <message>
        <source>Load a network first: open an image, or choose one in the toolbar</source>
        <translation>먼저 네트워크를 로드하세요: 이미지를 열거나 도구 모음에서 네트워크를 선택하세요</translation>
    </message>
    <message>
        <source>{name} cannot be read</source>
        <translation>{name}을(를) 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>{name}: cannot be prepared ({reason})</source>
        <translation>{name}: 준비할 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>Load a network first: drop an image, or choose one in the toolbar</source>
        <translation>먼저 네트워크를 로드하세요: 이미지를 끌어다 놓거나 도구 모음에서 네트워크를 선택하세요</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>JSON 객체가 아닙니다</translation>
    </message>
    <message>
        <source>unsupported settings version {version}</source>
        <translation>지원되지 않는 설정 버전 {version}</translation>
    </message>
    <message>
        <source>The settings file could not be read ({reason}); defaults are used and the old file was kept as {backup}.</source>
        <translation>설정 파일을 읽을 수 없습니다 ({reason}). 기본값을 사용하며, 이전 파일은 {backup}(으)로 보관했습니다.</translation>
    </message>
    <message>
        <source>Some settings were invalid and were reset to their defaults: {names}.</source>
        <translation>일부 설정이 잘못되어 기본값으로 되돌렸습니다: {names}.</translation>
    </message>
    <message>
        <source>--input-size must be between {low} and {high} pixels for {network}, not {size}</source>
        <translation>{network}의 --input-size는 {low}~{high} 픽셀이어야 합니다 ({size}은(는) 범위를 벗어남)</translation>
    </message>
    <message>
        <source>unknown network {name!r}; choose one of: {choices}</source>
        <translation>알 수 없는 네트워크 {name!r}입니다. 다음 중에서 선택하세요: {choices}</translation>
    </message>
    <message>
        <source>{network} weights that pool without the padding are not supported</source>
        <translation>패딩을 제외하고 풀링하는 {network} 가중치는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>{network} weights that pool with the padding are not supported</source>
        <translation>패딩을 포함해 풀링하는 {network} 가중치는 지원하지 않습니다</translation>
    </message>
    <message>
        <source>a Keras head on {network} is not supported</source>
        <translation>{network}에서는 Keras 헤드를 지원하지 않습니다</translation>
    </message>
    <message>
        <source>unknown block(s) for {network}: {blocks}</source>
        <translation>{network}에 없는 블록: {blocks}</translation>
    </message>
    <message>
        <source>the head&apos;s {what} {value!r} is not a pair of sizes</source>
        <translation>헤드의 {what} {value!r}은(는) 크기 쌍이 아닙니다</translation>
    </message>
    <message>
        <source>pool size</source>
        <translation>풀 크기</translation>
    </message>
    <message>
        <source>pool strides</source>
        <translation>풀 스트라이드</translation>
    </message>
    <message>
        <source>the head leaves a feature map, not a vector: it needs a global pool or a flatten before the classifier</source>
        <translation>헤드의 출력이 벡터가 아니라 특징 맵입니다. 분류기 앞에 전역 풀링이나 평탄화가 필요합니다</translation>
    </message>
    <message>
        <source>{where} needs a feature map, not a vector</source>
        <translation>{where}에는 벡터가 아니라 특징 맵이 필요합니다</translation>
    </message>
    <message>
        <source>{where}: activation {activation!r} is not supported (supported: {supported})</source>
        <translation>{where}: 활성화 {activation!r}은(는) 지원하지 않습니다 (지원: {supported})</translation>
    </message>
    <message>
        <source>{where}: padding must be &apos;valid&apos; or &apos;same&apos;</source>
        <translation>{where}: 패딩은 &apos;valid&apos; 또는 &apos;same&apos;이어야 합니다</translation>
    </message>
    <message>
        <source>{where}: the pool is larger than the {height}x{width} feature map</source>
        <translation>{where}: 풀이 {height}x{width} 특징 맵보다 큽니다</translation>
    </message>
    <message>
        <source>{where}: epsilon {eps!r} is not a small positive number</source>
        <translation>{where}: epsilon {eps!r}은(는) 작은 양수가 아닙니다</translation>
    </message>
    <message>
        <source>{where} needs a vector: pool or flatten the feature map first</source>
        <translation>{where}에는 벡터가 필요합니다. 먼저 특징 맵을 풀링하거나 평탄화하세요</translation>
    </message>
    <message>
        <source>{where}: {units!r} units</source>
        <translation>{where}: 유닛 수가 {units!r}입니다</translation>
    </message>
    <message>
        <source>{where}: &apos;bias&apos; must be true or false</source>
        <translation>{where}: &apos;bias&apos;는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>{where}: rate {rate!r} is not in [0, 1)</source>
        <translation>{where}: rate {rate!r}이(가) [0, 1) 범위에 있지 않습니다</translation>
    </message>
    <message>
        <source>the recorded head is not a list of layers</source>
        <translation>기록된 헤드가 레이어 목록이 아닙니다</translation>
    </message>
    <message>
        <source>head layer {number} is not one of: {ops}</source>
        <translation>헤드 레이어 {number}이(가) 다음 중 어느 것도 아닙니다: {ops}</translation>
    </message>
    <message>
        <source>head layer {number} ({kind})</source>
        <translation>헤드 레이어 {number} ({kind})</translation>
    </message>
    <message>
        <source>{where} gives {width} values, more than any real head</source>
        <translation>{where}의 출력 값이 {width}개로, 실제 어떤 헤드보다도 많습니다</translation>
    </message>
    <message>
        <source>Keras head (flattened) {widths}</source>
        <translation>Keras 헤드 (평탄화) {widths}</translation>
    </message>
    <message>
        <source>Keras head {widths}</source>
        <translation>Keras 헤드 {widths}</translation>
    </message>
    <message>
        <source>Conv2D {kernel} with {filters} filters and a bias</source>
        <translation>필터 {filters}개와 편향이 있는 Conv2D {kernel}</translation>
    </message>
    <message>
        <source>Conv2D {kernel} with {filters} filters</source>
        <translation>필터 {filters}개의 Conv2D {kernel}</translation>
    </message>
    <message>
        <source>a ReLU activation</source>
        <translation>ReLU 활성화</translation>
    </message>
    <message>
        <source>Concatenate of {count} branches</source>
        <translation>가지 {count}개의 Concatenate</translation>
    </message>
    <message>
        <source>a residual sum with scale {scale}</source>
        <translation>배율 {scale}의 잔차 합</translation>
    </message>
    <message>
        <source>the model&apos;s input</source>
        <translation>모델의 입력</translation>
    </message>
    <message>
        <source>{network} has no block {block!r}; blocks are: {blocks}</source>
        <translation>{network}에는 {block!r} 블록이 없습니다. 블록 목록: {blocks}</translation>
    </message>
    <message>
        <source>network_options is not an object</source>
        <translation>network_options가 객체가 아닙니다</translation>
    </message>
    <message>
        <source>network_options: avg_pool_excludes_padding and aux_logits must be true or false</source>
        <translation>network_options: avg_pool_excludes_padding과 aux_logits는 true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>network_options: head is not a list of layers</source>
        <translation>network_options: head가 레이어 목록이 아닙니다</translation>
    </message>
    <message>
        <source>network_options: input_size {size!r} is not between {low} and {high}</source>
        <translation>network_options: input_size {size!r}이(가) {low}~{high} 범위에 있지 않습니다</translation>
    </message>
    <message>
        <source>network_options: scaling {scaling!r} is not one of {choices}</source>
        <translation>network_options: scaling {scaling!r}은(는) {choices} 중 하나가 아닙니다</translation>
    </message>
    <message>
        <source>network_options: resize {resize!r} is not one of {choices}</source>
        <translation>network_options: resize {resize!r}은(는) {choices} 중 하나가 아닙니다</translation>
    </message>
    <message>
        <source>network_options: source is not text</source>
        <translation>network_options: source가 텍스트가 아닙니다</translation>
    </message>
    <message>
        <source>class_names is not a list of names</source>
        <translation>class_names가 이름 목록이 아닙니다</translation>
    </message>
    <message>
        <source>{names} class names for {classes} classes</source>
        <translation>클래스는 {classes}개인데 클래스 이름은 {names}개입니다</translation>
    </message>
    <message>
        <source>two classes have the same name</source>
        <translation>두 클래스의 이름이 같습니다</translation>
    </message>
    <message>
        <source>base_weights is not an object</source>
        <translation>base_weights가 객체가 아닙니다</translation>
    </message>
    <message>
        <source>base_weights.sha256 is not a sha256</source>
        <translation>base_weights.sha256이 sha256 값이 아닙니다</translation>
    </message>
    <message>
        <source>base_weights has values of the wrong type</source>
        <translation>base_weights에 잘못된 형식의 값이 있습니다</translation>
    </message>
    <message>
        <source>base_weights names neither a sha256 nor untrained weights</source>
        <translation>base_weights에 sha256도, 학습되지 않은 가중치 표시도 없습니다</translation>
    </message>
    <message>
        <source>{name} is an inception-desktop checkpoint with invalid metadata: {problem}; the file is damaged or was not written by the app</source>
        <translation>{name}은(는) 메타데이터가 잘못된 inception-desktop 체크포인트입니다: {problem}. 파일이 손상되었거나 이 앱이 만든 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{name} is an inception-desktop checkpoint for an unknown network {network!r}</source>
        <translation>{name}은(는) 알 수 없는 네트워크 {network!r}의 inception-desktop 체크포인트입니다</translation>
    </message>
    <message>
        <source>contents {contents!r} is neither &apos;full&apos; nor &apos;head&apos;</source>
        <translation>contents {contents!r}이(가) &apos;full&apos;도 &apos;head&apos;도 아닙니다</translation>
    </message>
    <message>
        <source>num_classes {value!r} is not a number of classes</source>
        <translation>num_classes {value!r}은(는) 클래스 수가 아닙니다</translation>
    </message>
    <message>
        <source>name {name!r} is not text</source>
        <translation>name {name!r}이(가) 텍스트가 아닙니다</translation>
    </message>
    <message>
        <source>a head-only checkpoint must name its base weights</source>
        <translation>헤드만 있는 체크포인트에는 기반 가중치가 기록되어 있어야 합니다</translation>
    </message>
    <message>
        <source>{file}: {width} x {height} pixels is over the limit of {limit:,} (a possible decompression bomb); refused</source>
        <translation>{file}: {width} x {height}픽셀은 한도 {limit:,}을(를) 넘습니다 (압축 폭탄일 수 있음). 거부했습니다</translation>
    </message>
    <message>
        <source>{file}: the image declares more than {limit:,} pixels (a possible decompression bomb); refused</source>
        <translation>{file}: 이미지가 {limit:,}픽셀보다 크다고 선언합니다 (압축 폭탄일 수 있음). 거부했습니다</translation>
    </message>
    <message>
        <source>{file}: {problem}</source>
        <translation>{file}: {problem}</translation>
    </message>
    <message>
        <source>{file}: the image is too large to decode</source>
        <translation>{file}: 이미지가 너무 커서 디코딩할 수 없습니다</translation>
    </message>
    <message>
        <source>a {kind} file that is corrupt (its header cannot be read)</source>
        <translation>손상된 {kind} 파일입니다 (헤더를 읽을 수 없습니다)</translation>
    </message>
    <message>
        <source>not an image, or a format Pillow cannot read</source>
        <translation>이미지가 아니거나 Pillow가 읽을 수 없는 형식입니다</translation>
    </message>
    <message>
        <source>the file is truncated or corrupt ({detail})</source>
        <translation>파일이 잘렸거나 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>the file is corrupt ({detail})</source>
        <translation>파일이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>cannot read the image: {detail}</source>
        <translation>이미지를 읽을 수 없습니다: {detail}</translation>
    </message>
    <message>
        <source>{file}: empty (0 bytes)</source>
        <translation>{file}: 비어 있습니다 (0바이트)</translation>
    </message>
    <message>
        <source>{file}: is a folder, not an image</source>
        <translation>{file}: 이미지가 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{file}: not a regular file (a device, a pipe or a socket)</source>
        <translation>{file}: 일반 파일이 아닙니다 (장치, 파이프 또는 소켓)</translation>
    </message>
    <message>
        <source>{file}: empty file (0 bytes)</source>
        <translation>{file}: 빈 파일입니다 (0바이트)</translation>
    </message>
    <message>
        <source>{file}: no such file</source>
        <translation>{file}: 파일이 없습니다</translation>
    </message>
    <message>
        <source>{file}: permission denied</source>
        <translation>{file}: 권한이 없습니다</translation>
    </message>
    <message>
        <source>{file} is a folder, not a weight file</source>
        <translation>{file}은(는) 가중치 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{file}: cannot be read ({reason})</source>
        <translation>{file}: 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>the channel index {path} changed since it was made; building it again</source>
        <translation>채널 색인 {path}이(가) 만들어진 뒤에 바뀌었습니다. 다시 만듭니다</translation>
    </message>
    <message>
        <source>warning: {changed}</source>
        <translation>경고: {changed}</translation>
    </message>
    <message>
        <source>warning: the channel index was made from another export of these weights; building it again</source>
        <translation>경고: 채널 색인이 이 가중치의 다른 내보내기로 만들어졌습니다. 다시 만듭니다</translation>
    </message>
    <message>
        <source>indexing {folder}</source>
        <translation>{folder} 색인 중</translation>
    </message>
    <message>
        <source>warning: the index is not kept ({reason})</source>
        <translation>경고: 색인을 보관하지 않습니다 ({reason})</translation>
    </message>
    <message>
        <source>{block} has channels 0 to {last}; no channel {bad}</source>
        <translation>{block}의 채널은 0부터 {last}까지입니다. 채널 {bad}은(는) 없습니다</translation>
    </message>
    <message>
        <source>{folder}: not a folder</source>
        <translation>{folder}: 폴더가 아닙니다</translation>
    </message>
    <message>
        <source>no image files in {root}</source>
        <translation>{root}에 이미지 파일이 없습니다</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): the download or copy did not finish; get the file again</source>
        <translation>{name} 파일이 비어 있습니다 (0바이트). 다운로드나 복사가 끝나지 않았습니다. 파일을 다시 받으세요</translation>
    </message>
    <message>
        <source>{name} is truncated or corrupt: it is not a complete safetensors file; get the file again</source>
        <translation>{name} 파일이 잘렸거나 손상되었습니다. 완전한 safetensors 파일이 아닙니다. 파일을 다시 받으세요</translation>
    </message>
    <message>
        <source>{name} holds Python objects or code besides tensors, which could run code when loaded; refused. Re-save it as a plain state_dict (torch.save(model.state_dict(), ...)) or as safetensors</source>
        <translation>{name}에는 텐서 외에 Python 객체나 코드가 들어 있어, 불러올 때 코드가 실행될 수 있으므로 거부했습니다. 일반 state_dict(torch.save(model.state_dict(), ...))나 safetensors로 다시 저장하세요</translation>
    </message>
    <message>
        <source>{name} declares more data than fits in memory; the file is corrupt</source>
        <translation>{name}에 선언된 데이터가 메모리에 들어갈 수 있는 양보다 많습니다. 파일이 손상되었습니다</translation>
    </message>
    <message>
        <source>{name} is not a weight file (neither safetensors nor a PyTorch checkpoint)</source>
        <translation>{name}은(는) 가중치 파일이 아닙니다 (safetensors도 PyTorch 체크포인트도 아님)</translation>
    </message>
    <message>
        <source>{name} is truncated or corrupt: it is not a complete PyTorch checkpoint; get the file again</source>
        <translation>{name} 파일이 잘렸거나 손상되었습니다. 완전한 PyTorch 체크포인트가 아닙니다. 파일을 다시 받으세요</translation>
    </message>
    <message>
        <source>{name} holds no state dict of tensors</source>
        <translation>{name}에 텐서의 state dict가 없습니다</translation>
    </message>
    <message>
        <source>{name} holds no tensors</source>
        <translation>{name}에 텐서가 없습니다</translation>
    </message>
    <message>
        <source>{name} does not hold weights of {networks} or {last} (its first keys are {keys})</source>
        <translation>{name}에는 {networks} 또는 {last}의 가중치가 없습니다 (처음 키: {keys})</translation>
    </message>
    <message>
        <source>{name} holds only a fine-tuned classifier (head mode), which runs on top of its base network: classify with it (--weights), or import it</source>
        <translation>{name}에는 미세 조정된 분류기(헤드 모드)만 들어 있으며, 기반 네트워크 위에서 실행됩니다. 이 파일로 분류하거나(--weights) 가져오세요</translation>
    </message>
    <message>
        <source>{name} has no classifier ({key}.weight) for {network}; the file is incomplete</source>
        <translation>{name}에 {network}의 분류기({key}.weight)가 없습니다. 파일이 불완전합니다</translation>
    </message>
    <message>
        <source>{name}: its classifier has {outputs} outputs but its metadata names {classes} classes</source>
        <translation>{name}: 분류기의 출력은 {outputs}개인데 메타데이터의 클래스는 {classes}개입니다</translation>
    </message>
    <message>
        <source>{name} is not a valid weight file ({reason})</source>
        <translation>{name}은(는) 올바른 가중치 파일이 아닙니다 ({reason})</translation>
    </message>
    <message>
        <source>{name} has a classifier for {classes} classes ({names}) but the model has {model_classes}: build the model from the file with load_model()</source>
        <translation>{name}의 분류기는 클래스 {classes}개({names})용이지만 모델의 클래스는 {model_classes}개입니다. load_model()로 파일에서 모델을 만드세요</translation>
    </message>
    <message>
        <source>{name} has a classifier for {classes} classes but the model has {model_classes}: build the model from the file with load_model()</source>
        <translation>{name}의 분류기는 클래스 {classes}개용이지만 모델의 클래스는 {model_classes}개입니다. load_model()로 파일에서 모델을 만드세요</translation>
    </message>
    <message>
        <source>{missing} missing key(s) such as {missing_key} and {unexpected} unexpected key(s) such as {unexpected_key}</source>
        <translation>{missing_key} 등 빠진 키 {missing}개와 {unexpected_key} 등 예상하지 못한 키 {unexpected}개</translation>
    </message>
    <message>
        <source>{missing} missing key(s) such as {missing_key}</source>
        <translation>{missing_key} 등 빠진 키 {missing}개</translation>
    </message>
    <message>
        <source>{unexpected} unexpected key(s) such as {unexpected_key}</source>
        <translation>{unexpected_key} 등 예상하지 못한 키 {unexpected}개</translation>
    </message>
    <message>
        <source>{name} does not match {network}: {problem}; the file is incomplete or from another version of the network</source>
        <translation>{name}이(가) {network}와 맞지 않습니다: {problem}. 파일이 불완전하거나 다른 버전의 네트워크용입니다</translation>
    </message>
    <message>
        <source>{name} does not match {network}: {key} has shape {shape}, expected {expected}</source>
        <translation>{name}이(가) {network}와 맞지 않습니다: {key}의 형태가 {expected}이어야 하는데 {shape}입니다</translation>
    </message>
    <message>
        <source>{name}: {key} has dtype {dtype}, expected {expected}</source>
        <translation>{name}: {key}의 dtype이 {expected}이어야 하는데 {dtype}입니다</translation>
    </message>
    <message>
        <source>{name}: {key} holds values that are not finite numbers; the file is corrupt, get it again</source>
        <translation>{name}: {key}에 유한한 수가 아닌 값이 있습니다. 파일이 손상되었습니다. 다시 받으세요</translation>
    </message>
    <message>
        <source>{name} holds {network} weights, not {expected}: choose {choice}</source>
        <translation>{name}에는 {expected}이(가) 아니라 {network} 가중치가 들어 있습니다. {choice}을(를) 선택하세요</translation>
    </message>
    <message>
        <source>{what} {path} changed since it was made (sha256 {now}..., recorded {recorded}...)</source>
        <translation>{what} {path}이(가) 만들어진 뒤 바뀌었습니다 (sha256 {now}..., 기록된 값 {recorded}...)</translation>
    </message>
    <message>
        <source>{what} {path} changed since it was made</source>
        <translation>{what} {path}이(가) 만들어진 뒤 바뀌었습니다</translation>
    </message>
    <message>
        <source>the server stopped answering for {timeout:g} s</source>
        <translation>서버가 {timeout:g}초 동안 응답하지 않았습니다</translation>
    </message>
    <message>
        <source>the server&apos;s name could not be resolved (no network or DNS failure)</source>
        <translation>서버 이름을 확인할 수 없습니다 (네트워크 연결이 없거나 DNS 오류)</translation>
    </message>
    <message>
        <source>could not connect (no network, or the server is down)</source>
        <translation>연결할 수 없습니다 (네트워크 연결이 없거나 서버가 중단됨)</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>연결에 실패했습니다</translation>
    </message>
    <message>
        <source>download of {url} failed: {problem}; run the command again to resume, or download the file on another machine and run `inception-desktop weights import FILE`, or set {variable} to a mirror</source>
        <translation>{url} 다운로드 실패: {problem}. 명령을 다시 실행하면 이어서 받습니다. 또는 다른 컴퓨터에서 파일을 받아 `inception-desktop weights import FILE`을 실행하거나, {variable}에 미러를 설정하세요</translation>
    </message>
    <message>
        <source>download of {url} failed: {problem}; try again later, or download the file on another machine and run `inception-desktop weights import FILE`, or set {variable} to a mirror</source>
        <translation>{url} 다운로드 실패: {problem}. 나중에 다시 시도하세요. 또는 다른 컴퓨터에서 파일을 받아 `inception-desktop weights import FILE`을 실행하거나, {variable}에 미러를 설정하세요</translation>
    </message>
    <message>
        <source>The download from {url} failed: {problem}.</source>
        <translation>{url}에서 다운로드하지 못했습니다: {problem}.</translation>
    </message>
    <message>
        <source>cannot write {path}: the disk is full; free some space or set INCEPTION_DESKTOP_DATA_DIR to a folder on another disk</source>
        <translation>{path}에 쓸 수 없습니다: 디스크가 가득 찼습니다. 공간을 확보하거나 INCEPTION_DESKTOP_DATA_DIR을 다른 디스크의 폴더로 설정하세요</translation>
    </message>
    <message>
        <source>cannot write {path}: the folder is not writable; make it writable or set INCEPTION_DESKTOP_DATA_DIR to a writable folder</source>
        <translation>{path}에 쓸 수 없습니다: 폴더에 쓰기 권한이 없습니다. 쓰기 가능하게 하거나 INCEPTION_DESKTOP_DATA_DIR을 쓰기 가능한 폴더로 설정하세요</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}; check the disk</source>
        <translation>{path}에 쓸 수 없습니다: {reason}. 디스크를 확인하세요</translation>
    </message>
    <message>
        <source>download of {url} failed: {problem}; download the file on another machine and run `inception-desktop weights import FILE`, or set {variable} to a mirror</source>
        <translation>{url} 다운로드 실패: {problem}. 다른 컴퓨터에서 파일을 받아 `inception-desktop weights import FILE`을 실행하거나, {variable}에 미러를 설정하세요</translation>
    </message>
    <message>
        <source>downloading {name}</source>
        <translation>{name} 다운로드 중</translation>
    </message>
    <message>
        <source>{name} from {url} failed its checksum: expected sha256 {expected}, got {sha256}; the file was deleted. Try again, or download the file on another machine and run `inception-desktop weights import FILE`, or set {variable} to a mirror</source>
        <translation>{url}에서 받은 {name}의 체크섬이 맞지 않습니다: sha256이 {expected}이어야 하는데 {sha256}입니다. 파일을 삭제했습니다. 다시 시도하거나, 다른 컴퓨터에서 파일을 받아 `inception-desktop weights import FILE`을 실행하거나, {variable}에 미러를 설정하세요</translation>
    </message>
    <message>
        <source>{name} from {url} is not the published file (its sha256 is {sha256}); it was deleted.</source>
        <translation>{url}에서 받은 {name}은(는) 배포된 파일이 아니어서(sha256: {sha256}) 삭제했습니다.</translation>
    </message>
    <message>
        <source>the ONNX export</source>
        <translation>ONNX 내보내기 파일</translation>
    </message>
    <message>
        <source>the export&apos;s head</source>
        <translation>내보내기의 헤드 파일</translation>
    </message>
    <message>
        <source>{name} is not a head-only inception-desktop checkpoint</source>
        <translation>{name}은(는) 헤드만 있는 inception-desktop 체크포인트가 아닙니다</translation>
    </message>
    <message>
        <source>{name} has no valid classifier for its {classes} classes; the file is incomplete</source>
        <translation>{name}에 클래스 {classes}개에 맞는 올바른 분류기가 없습니다. 파일이 불완전합니다</translation>
    </message>
    <message>
        <source>{name}: its classifier takes {width} features, {network} gives {features}</source>
        <translation>{name}: 분류기는 특징 {width}개를 받는데 {network}은(는) {features}개를 냅니다</translation>
    </message>
    <message>
        <source>{name} holds values that are not finite numbers; the file is corrupt</source>
        <translation>{name}에 유한한 수가 아닌 값이 있습니다. 파일이 손상되었습니다</translation>
    </message>
    <message>
        <source>cannot copy {name} into the cache: {reason}</source>
        <translation>{name}을(를) 캐시에 복사할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{name} is already installed as {installed!r} (same sha256); use that name, or remove it first</source>
        <translation>{name}은(는) 이미 {installed!r}(으)로 설치되어 있습니다 (같은 sha256). 그 이름을 쓰거나 먼저 제거하세요</translation>
    </message>
    <message>
        <source>{file} vanished while it was being imported</source>
        <translation>가져오는 동안 {file}이(가) 사라졌습니다</translation>
    </message>
    <message>
        <source>checking {name} needs torch, which this build does not have; import it with the full build, or use a fine-tuned head (head mode)</source>
        <translation>{name}을(를) 검사하려면 torch가 필요하지만 이 빌드에는 없습니다. 전체 빌드로 가져오거나 미세 조정된 헤드(헤드 모드)를 사용하세요</translation>
    </message>
    <message>
        <source>cannot write {name} into the cache: {reason}</source>
        <translation>{name}을(를) 캐시에 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{file} is a folder; give the weight file inside it</source>
        <translation>{file}은(는) 폴더입니다. 그 안의 가중치 파일을 지정하세요</translation>
    </message>
    <message>
        <source>{name}: --preprocess, --resize, --labels and --input-size are for Keras and TF.js models; PyTorch files keep their network&apos;s preprocessing</source>
        <translation>{name}: --preprocess, --resize, --labels, --input-size는 Keras와 TF.js 모델용입니다. PyTorch 파일은 해당 네트워크의 전처리를 그대로 씁니다</translation>
    </message>
    <message>
        <source>{name} has {classes} classes and no class names; only ImageNet weights or the app&apos;s own checkpoints can be imported</source>
        <translation>{name}에는 클래스가 {classes}개 있지만 클래스 이름이 없습니다. ImageNet 가중치나 이 앱의 체크포인트만 가져올 수 있습니다</translation>
    </message>
    <message>
        <source>holds {count} weights, expected {expected} ({names})</source>
        <translation>가중치가 {expected}개({names})여야 하는데 {count}개입니다</translation>
    </message>
    <message>
        <source>its {what} has shape {shape}, expected {expected}</source>
        <translation>{what}의 형태가 {expected}이어야 하는데 {shape}입니다</translation>
    </message>
    <message>
        <source>its {what} holds values that are not finite numbers</source>
        <translation>{what}에 유한한 수가 아닌 값이 있습니다</translation>
    </message>
    <message>
        <source>is not the layer the other branches of this block start from ({layer})</source>
        <translation>이 블록의 다른 가지가 시작하는 레이어({layer})가 아닙니다</translation>
    </message>
    <message>
        <source>takes {count} inputs, expected {expected}</source>
        <translation>입력이 {expected}개여야 하는데 {count}개입니다</translation>
    </message>
    <message>
        <source>is a {kind}, where the network&apos;s input should be (layers before the network, e.g. preprocessing, are not supported: use --preprocess)</source>
        <translation>네트워크의 입력이 있어야 할 자리에 {kind}이(가) 있습니다 (네트워크 앞의 레이어, 예를 들어 전처리는 지원하지 않습니다. --preprocess를 사용하세요)</translation>
    </message>
    <message>
        <source>normalises axis {axis}</source>
        <translation>{axis}번 축을 정규화합니다</translation>
    </message>
    <message>
        <source>has epsilon {eps}, expected {expected}</source>
        <translation>epsilon이 {expected}이어야 하는데 {eps}입니다</translation>
    </message>
    <message>
        <source>is a {kind} with scale {scale!r}</source>
        <translation>배율 {scale!r}의 {kind}입니다</translation>
    </message>
    <message>
        <source>is a {kind}</source>
        <translation>{kind}입니다</translation>
    </message>
    <message>
        <source>has {filters} filters</source>
        <translation>필터가 {filters}개입니다</translation>
    </message>
    <message>
        <source>has a {kernel} kernel</source>
        <translation>커널이 {kernel}입니다</translation>
    </message>
    <message>
        <source>has strides {strides}</source>
        <translation>스트라이드가 {strides}입니다</translation>
    </message>
    <message>
        <source>has padding {padding!r}</source>
        <translation>패딩이 {padding!r}입니다</translation>
    </message>
    <message>
        <source>has a bias</source>
        <translation>편향이 있습니다</translation>
    </message>
    <message>
        <source>has no bias</source>
        <translation>편향이 없습니다</translation>
    </message>
    <message>
        <source>has activation {activation!r}</source>
        <translation>활성화가 {activation!r}입니다</translation>
    </message>
    <message>
        <source>is dilated</source>
        <translation>팽창(dilated) 합성곱입니다</translation>
    </message>
    <message>
        <source>is a grouped convolution</source>
        <translation>그룹 합성곱입니다</translation>
    </message>
    <message>
        <source>is channels_first</source>
        <translation>channels_first입니다</translation>
    </message>
    <message>
        <source>its moving variance is negative</source>
        <translation>이동 분산이 음수입니다</translation>
    </message>
    <message>
        <source>{kind}: Keras {network} ({size} px), {head}, {classes} classes</source>
        <translation>{kind}: Keras {network} ({size} px), {head}, 클래스 {classes}개</translation>
    </message>
    <message>
        <source>{name} has {count} outputs; a classifier with one output is needed</source>
        <translation>{name}의 출력이 {count}개입니다. 출력이 하나인 분류기가 필요합니다</translation>
    </message>
    <message>
        <source>{name} has no classifier (no Dense layer after the network): save the model with its head</source>
        <translation>{name}에 분류기가 없습니다 (네트워크 뒤에 Dense 레이어가 없음). 헤드를 포함해 모델을 저장하세요</translation>
    </message>
    <message>
        <source>{name}: head layer {layer!r} ({kind})</source>
        <translation>{name}: 헤드 레이어 {layer!r} ({kind})</translation>
    </message>
    <message>
        <source>{where} is not supported in a head</source>
        <translation>{where}은(는) 헤드에서 지원하지 않습니다</translation>
    </message>
    <message>
        <source>{name}: the classifier is applied to a feature map; the head needs a global pool or a flatten</source>
        <translation>{name}: 분류기가 특징 맵에 적용됩니다. 헤드에 전역 풀링이나 평탄화가 필요합니다</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}: {problem}</translation>
    </message>
    <message>
        <source>{name}: layer {layer!r} ({kind}) after the classifier is not supported (only a softmax may follow it)</source>
        <translation>{name}: 분류기 뒤의 레이어 {layer!r} ({kind})는 지원하지 않습니다 (분류기 뒤에는 softmax만 올 수 있습니다)</translation>
    </message>
    <message>
        <source>{where} is channels_first</source>
        <translation>{where}은(는) channels_first입니다</translation>
    </message>
    <message>
        <source>{where}: this activation is not supported (supported: {supported})</source>
        <translation>{where}: 이 활성화는 지원하지 않습니다 (지원: {supported})</translation>
    </message>
    <message>
        <source>{where} normalises axis {axis}</source>
        <translation>{where}은(는) {axis}번 축을 정규화합니다</translation>
    </message>
    <message>
        <source>{where} is applied to a feature map (pool or flatten it first); not supported</source>
        <translation>{where}이(가) 특징 맵에 적용됩니다 (먼저 풀링하거나 평탄화하세요). 지원하지 않습니다</translation>
    </message>
    <message>
        <source>{name}: its output is {count} independent sigmoids (multi-label); only single-label classifiers (softmax, or one sigmoid) are supported</source>
        <translation>{name}: 출력이 독립된 sigmoid {count}개입니다 (다중 레이블). 단일 레이블 분류기(softmax 또는 sigmoid 하나)만 지원합니다</translation>
    </message>
    <message>
        <source>its single sigmoid output is read as two classes (0: below 0.5, 1: above), with the same probabilities</source>
        <translation>하나뿐인 sigmoid 출력을 같은 확률의 두 클래스(0: 0.5 미만, 1: 0.5 초과)로 읽습니다</translation>
    </message>
    <message>
        <source>{name}: its output activation {activation!r} is not a probability (softmax, or a linear output read through softmax, are supported)</source>
        <translation>{name}: 출력 활성화 {activation!r}은(는) 확률이 아닙니다 (softmax, 또는 softmax로 읽는 선형 출력을 지원합니다)</translation>
    </message>
    <message>
        <source>its output is linear (logits): probabilities are their softmax</source>
        <translation>출력이 선형(로짓)입니다. 확률은 그 softmax입니다</translation>
    </message>
    <message>
        <source>{name}: classifier {layer!r}</source>
        <translation>{name}: 분류기 {layer!r}</translation>
    </message>
    <message>
        <source>{where} has {units!r} units</source>
        <translation>{where}의 유닛 수가 {units!r}입니다</translation>
    </message>
    <message>
        <source>{name}: its input has {channels} channels; RGB (3) is needed</source>
        <translation>{name}: 입력 채널이 {channels}개입니다. RGB(3)가 필요합니다</translation>
    </message>
    <message>
        <source>{name}: its input is {height}x{width}; only square inputs are supported</source>
        <translation>{name}: 입력이 {height}x{width}입니다. 정사각형 입력만 지원합니다</translation>
    </message>
    <message>
        <source>{name}: its input is {size} px; {network} needs at least {low}</source>
        <translation>{name}: 입력이 {size} px입니다. {network}에는 최소 {low}이(가) 필요합니다</translation>
    </message>
    <message>
        <source>its graph</source>
        <translation>그래프</translation>
    </message>
    <message>
        <source>layer {name!r} ({kind})</source>
        <translation>레이어 {name!r} ({kind})</translation>
    </message>
    <message>
        <source>a layer</source>
        <translation>어떤 레이어</translation>
    </message>
    <message>
        <source>{name} is not a Keras {network}: {layer} {problem}; expected {expected} at {where}</source>
        <translation>{name}은(는) Keras {network} 모델이 아닙니다: {layer} — {problem}. {where} 위치에는 {expected}이(가) 있어야 합니다</translation>
    </message>
    <message>
        <source>Keras Applications has no {network}; Keras files of {networks} can be imported</source>
        <translation>Keras Applications에는 {network}이(가) 없습니다. {networks}의 Keras 파일을 가져올 수 있습니다</translation>
    </message>
    <message>
        <source>{name} holds weights only (no graph): say which network with --model {choices}</source>
        <translation>{name}에는 가중치만 있습니다 (그래프 없음). --model {choices}(으)로 네트워크를 지정하세요</translation>
    </message>
    <message>
        <source>{name}: its head flattens or pools a feature map but its input size is not fixed; not supported</source>
        <translation>{name}: 헤드가 특징 맵을 평탄화하거나 풀링하는데 입력 크기가 고정되어 있지 않습니다. 지원하지 않습니다</translation>
    </message>
    <message>
        <source>{name}: layer {layer!r} holds weights of no layer these networks have</source>
        <translation>{name}: 레이어 {layer!r}의 가중치는 이 네트워크들에 있는 어떤 레이어의 것도 아닙니다</translation>
    </message>
    <message>
        <source>{name} has {count} {kind} layers with weights; Keras&apos; {network} has {expected}</source>
        <translation>{name}에는 가중치가 있는 {kind} 레이어가 {count}개 있지만 Keras의 {network}에는 {expected}개 있습니다</translation>
    </message>
    <message>
        <source>{name} holds no classifier (no Dense layer): only weights files of whole classifiers can be imported</source>
        <translation>{name}에 분류기가 없습니다 (Dense 레이어 없음). 분류기 전체의 가중치 파일만 가져올 수 있습니다</translation>
    </message>
    <message>
        <source>{name} holds {count} Dense layers but a weights-only file does not say how they connect (activations, dropout): save the whole model (model.save(&apos;model.keras&apos;)) and import that</source>
        <translation>{name}에는 Dense 레이어가 {count}개 있지만, 가중치만 있는 파일에는 연결 방식(활성화, 드롭아웃)이 없습니다. 모델 전체를 저장(model.save(&apos;model.keras&apos;))해서 가져오세요</translation>
    </message>
    <message>
        <source>a weights-only file does not say its head: read as a global average pool and a softmax classifier</source>
        <translation>가중치만 있는 파일에는 헤드 정보가 없으므로 전역 평균 풀링과 softmax 분류기로 읽었습니다</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}: {problem}</translation>
    </message>
    <message>
        <source>{name} is larger than any model description ({size} MB)</source>
        <translation>{name}이(가) 어떤 모델 설명보다도 큽니다 ({size} MB)</translation>
    </message>
    <message>
        <source>{name} is not valid JSON ({reason})</source>
        <translation>{name}은(는) 올바른 JSON이 아닙니다 ({reason})</translation>
    </message>
    <message>
        <source>its {what} is not valid JSON ({reason})</source>
        <translation>{what}이(가) 올바른 JSON이 아닙니다 ({reason})</translation>
    </message>
    <message>
        <source>its graph refers to itself in a loop</source>
        <translation>그래프가 자기 자신을 순환 참조합니다</translation>
    </message>
    <message>
        <source>its model description has no config</source>
        <translation>모델 설명에 config가 없습니다</translation>
    </message>
    <message>
        <source>its model description lists no layers</source>
        <translation>모델 설명에 레이어가 없습니다</translation>
    </message>
    <message>
        <source>its model description names no inputs or outputs</source>
        <translation>모델 설명에 입력이나 출력이 없습니다</translation>
    </message>
    <message>
        <source>a layer in its model description has no class</source>
        <translation>모델 설명의 레이어 하나에 클래스가 없습니다</translation>
    </message>
    <message>
        <source>a {kind} layer has no name</source>
        <translation>{kind} 레이어 하나에 이름이 없습니다</translation>
    </message>
    <message>
        <source>its graph has more layers than any real model</source>
        <translation>그래프의 레이어가 실제 어떤 모델보다도 많습니다</translation>
    </message>
    <message>
        <source>layer {name!r} has malformed inbound nodes</source>
        <translation>레이어 {name!r}의 inbound nodes 형식이 잘못되었습니다</translation>
    </message>
    <message>
        <source>layer {name!r} is used {count} times (shared layers are not supported)</source>
        <translation>레이어 {name!r}이(가) {count}번 쓰였습니다 (공유 레이어는 지원하지 않습니다)</translation>
    </message>
    <message>
        <source>nested model {name!r} has {count} outputs</source>
        <translation>중첩 모델 {name!r}의 출력이 {count}개입니다</translation>
    </message>
    <message>
        <source>nested model {name!r} takes {count} inputs but is given {given}</source>
        <translation>중첩 모델 {name!r}은(는) 입력을 {count}개 받는데 {given}개가 주어졌습니다</translation>
    </message>
    <message>
        <source>layer {name!r} takes its input from {source!r}, which the model does not have</source>
        <translation>레이어 {name!r}의 입력인 {source!r}이(가) 모델에 없습니다</translation>
    </message>
    <message>
        <source>the model&apos;s input or output {name!r} is not one of its layers</source>
        <translation>모델의 입력 또는 출력 {name!r}이(가) 모델의 레이어가 아닙니다</translation>
    </message>
    <message>
        <source>holds a {what!r}, not a Keras model (Functional or Sequential)</source>
        <translation>Keras 모델(Functional 또는 Sequential)이 아니라 {what!r}이(가) 들어 있습니다</translation>
    </message>
    <message>
        <source>reading Keras files needs the h5py package (pip install h5py)</source>
        <translation>Keras 파일을 읽으려면 h5py 패키지가 필요합니다 (pip install h5py)</translation>
    </message>
    <message>
        <source>{what} declares a negative size</source>
        <translation>{what}에 음수 크기가 선언되어 있습니다</translation>
    </message>
    <message>
        <source>{what} declares more weight data than the file holds ({size} MB): the file is truncated or crafted</source>
        <translation>{what}에 선언된 가중치 데이터가 파일 크기({size} MB)보다 많습니다. 파일이 잘렸거나 조작되었습니다</translation>
    </message>
    <message>
        <source>{what} is not a dataset</source>
        <translation>{what}이(가) 데이터셋이 아닙니다</translation>
    </message>
    <message>
        <source>{what} is not an array of numbers</source>
        <translation>{what}이(가) 숫자 배열이 아닙니다</translation>
    </message>
    <message>
        <source>is a truncated or corrupt HDF5 file ({reason})</source>
        <translation>잘렸거나 손상된 HDF5 파일입니다 ({reason})</translation>
    </message>
    <message>
        <source>layer {name!r} lists weight {weight!r}, which the file does not hold</source>
        <translation>레이어 {name!r}에 가중치 {weight!r}이(가) 나열되어 있지만 파일에는 없습니다</translation>
    </message>
    <message>
        <source>weight {name!r}</source>
        <translation>가중치 {name!r}</translation>
    </message>
    <message>
        <source>is a Keras .h5 model without its &apos;model_weights&apos; group; the file is incomplete</source>
        <translation>&apos;model_weights&apos; 그룹이 없는 Keras .h5 모델입니다. 파일이 불완전합니다</translation>
    </message>
    <message>
        <source>cannot be read as a Keras file ({reason})</source>
        <translation>Keras 파일로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>is an HDF5 file but neither a Keras model nor Keras weights (no model_config, layer_names or layers)</source>
        <translation>HDF5 파일이지만 Keras 모델도 Keras 가중치도 아닙니다 (model_config, layer_names, layers 없음)</translation>
    </message>
    <message>
        <source>weight {name}</source>
        <translation>가중치 {name}</translation>
    </message>
    <message>
        <source>is a zip without {member}: not a complete .keras model</source>
        <translation>{member}이(가) 없는 zip 파일입니다. 완전한 .keras 모델이 아닙니다</translation>
    </message>
    <message>
        <source>its config.json is larger than any model description</source>
        <translation>config.json이 어떤 모델 설명보다도 큽니다</translation>
    </message>
    <message>
        <source>its model.weights.h5 declares more data than the archive holds: the file is truncated or crafted</source>
        <translation>model.weights.h5에 선언된 데이터가 압축 파일에 든 양보다 많습니다. 파일이 잘렸거나 조작되었습니다</translation>
    </message>
    <message>
        <source>its model.weights.h5 is longer than declared</source>
        <translation>model.weights.h5가 선언된 크기보다 깁니다</translation>
    </message>
    <message>
        <source>is a truncated or corrupt .keras archive ({reason})</source>
        <translation>잘렸거나 손상된 .keras 압축 파일입니다 ({reason})</translation>
    </message>
    <message>
        <source>cannot be read as a .keras model ({reason})</source>
        <translation>.keras 모델로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>names a shard {shard!r} that is not a file name</source>
        <translation>파일 이름이 아닌 샤드 {shard!r}을(를) 가리킵니다</translation>
    </message>
    <message>
        <source>names the shard {shard!r} outside its own folder; refused</source>
        <translation>자기 폴더 밖의 샤드 {shard!r}을(를) 가리키므로 거부했습니다</translation>
    </message>
    <message>
        <source>its weight shard {shard} is missing (keep the shards beside model.json)</source>
        <translation>가중치 샤드 {shard}이(가) 없습니다 (샤드를 model.json 옆에 두세요)</translation>
    </message>
    <message>
        <source>its weightsManifest is not a list of weight groups</source>
        <translation>weightsManifest가 가중치 그룹 목록이 아닙니다</translation>
    </message>
    <message>
        <source>a weightsManifest group has no paths or weights</source>
        <translation>weightsManifest 그룹에 paths나 weights가 없습니다</translation>
    </message>
    <message>
        <source>its manifest declares more weight data than its shards hold ({size} bytes): at weight {name!r}; the shards are truncated or the manifest is wrong</source>
        <translation>매니페스트에 선언된 가중치 데이터가 샤드 크기({size}바이트)보다 많습니다 (가중치 {name!r}에서). 샤드가 잘렸거나 매니페스트가 잘못되었습니다</translation>
    </message>
    <message>
        <source>its shards hold {size} bytes but the manifest declares {declared}: the manifest does not describe these shards</source>
        <translation>샤드는 {size}바이트인데 매니페스트에는 {declared}바이트로 선언되어 있습니다. 매니페스트가 이 샤드들과 맞지 않습니다</translation>
    </message>
    <message>
        <source>its manifest lists weight {name!r} twice</source>
        <translation>매니페스트에 가중치 {name!r}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>a weightsManifest entry has no name or shape</source>
        <translation>weightsManifest 항목에 name이나 shape가 없습니다</translation>
    </message>
    <message>
        <source>weight {name!r} has an invalid shape {shape!r}</source>
        <translation>가중치 {name!r}의 형태 {shape!r}이(가) 올바르지 않습니다</translation>
    </message>
    <message>
        <source>weight {name!r} has an unsupported quantization {quant!r}</source>
        <translation>가중치 {name!r}의 양자화 {quant!r}은(는) 지원하지 않습니다</translation>
    </message>
    <message>
        <source>weight {name!r} has dtype {dtype!r}</source>
        <translation>가중치 {name!r}의 dtype이 {dtype!r}입니다</translation>
    </message>
    <message>
        <source>weight {name!r} is quantised without a valid scale and min</source>
        <translation>가중치 {name!r}이(가) 올바른 scale과 min 없이 양자화되어 있습니다</translation>
    </message>
    <message>
        <source>is not a TF.js model.json</source>
        <translation>TF.js model.json이 아닙니다</translation>
    </message>
    <message>
        <source>is a TF.js {format!r}; only layers models (from Keras) can be imported</source>
        <translation>TF.js {format!r}입니다. (Keras에서 만든) layers 모델만 가져올 수 있습니다</translation>
    </message>
    <message>
        <source>cannot be read as a TF.js model ({reason})</source>
        <translation>TF.js 모델로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>whole image resized</source>
        <translation>이미지 전체 크기 조정</translation>
    </message>
    <message>
        <source>resize + centre crop</source>
        <translation>크기 조정 + 가운데 자르기</translation>
    </message>
    <message>
        <source>preprocessing: {scaling_name} ({scaling}), {resize_name} ({resize} to {size} px)</source>
        <translation>전처리: {scaling_name} ({scaling}), {resize_name} ({size} px로 {resize})</translation>
    </message>
    <message>
        <source>preprocessing: {scaling_name} ({scaling}), {resize_name} ({resize} to {size} px) (assumed: the file does not say)</source>
        <translation>전처리: {scaling_name} ({scaling}), {resize_name} ({size} px로 {resize}) (추정: 파일에 정보가 없음)</translation>
    </message>
    <message>
        <source>pooling: TensorFlow&apos;s (padding left out of averages)</source>
        <translation>풀링: TensorFlow 방식 (평균에서 패딩 제외)</translation>
    </message>
    <message>
        <source>classes: {names}</source>
        <translation>클래스: {names}</translation>
    </message>
    <message>
        <source>{name} is too large to be a list of class names</source>
        <translation>{name}은(는) 클래스 이름 목록이라기에는 너무 큽니다</translation>
    </message>
    <message>
        <source>labels file {path}: cannot be read ({reason})</source>
        <translation>레이블 파일 {path}: 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>labels file {name} is not a valid JSON list ({reason})</source>
        <translation>레이블 파일 {name}이(가) 올바른 JSON 목록이 아닙니다 ({reason})</translation>
    </message>
    <message>
        <source>labels file {name} is not a JSON list of names</source>
        <translation>레이블 파일 {name}이(가) 이름의 JSON 목록이 아닙니다</translation>
    </message>
    <message>
        <source>labels file {name} has an empty class name</source>
        <translation>레이블 파일 {name}에 빈 클래스 이름이 있습니다</translation>
    </message>
    <message>
        <source>labels file {name} names {count} classes but the model has {classes}</source>
        <translation>레이블 파일 {name}의 클래스는 {count}개인데 모델의 클래스는 {classes}개입니다</translation>
    </message>
    <message>
        <source>labels file {name} names the class {label!r} twice</source>
        <translation>레이블 파일 {name}에 클래스 {label!r}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>{name} cannot be read as a Keras model ({reason})</source>
        <translation>{name}을(를) Keras 모델로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>--preprocess {value!r}: choose one of {choices}</source>
        <translation>--preprocess {value!r}: {choices} 중 하나를 선택하세요</translation>
    </message>
    <message>
        <source>--resize {value!r}: choose one of {choices}</source>
        <translation>--resize {value!r}: {choices} 중 하나를 선택하세요</translation>
    </message>
    <message>
        <source>{name} has a fixed {size} px input</source>
        <translation>{name}의 입력은 {size} px로 고정되어 있습니다</translation>
    </message>
    <message>
        <source>input {size} px, preprocessing {scaling}, resize {resize}, TensorFlow pooling</source>
        <translation>입력 {size} px, 전처리 {scaling}, 크기 조정 {resize}, TensorFlow 풀링</translation>
    </message>
    <message>
        <source>untrained (random weights: predictions are meaningless)</source>
        <translation>학습되지 않음 (무작위 가중치: 예측에 의미가 없습니다)</translation>
    </message>
    <message>
        <source>no weights for {network}: run `inception-desktop weights download {name}`, import a file with `inception-desktop weights import FILE`, or pass --random-weights to run untrained</source>
        <translation>{network}의 가중치가 없습니다. `inception-desktop weights download {name}`을 실행하거나, `inception-desktop weights import FILE`로 파일을 가져오거나, --random-weights를 지정해 학습되지 않은 상태로 실행하세요</translation>
    </message>
    <message>
        <source>cannot tell which network {name} holds without torch, which this build does not have; pass --model</source>
        <translation>torch 없이는 {name}에 어떤 네트워크가 들어 있는지 알 수 없는데 이 빌드에는 torch가 없습니다. --model을 지정하세요</translation>
    </message>
    <message>
        <source>unknown mode {mode!r}; choose head or full</source>
        <translation>알 수 없는 모드 {mode!r}입니다. head 또는 full을 선택하세요</translation>
    </message>
    <message>
        <source>unknown optimizer {optimizer!r}; choose adamw or sgd</source>
        <translation>알 수 없는 옵티마이저 {optimizer!r}입니다. adamw 또는 sgd를 선택하세요</translation>
    </message>
    <message>
        <source>unknown precision {precision!r}; choose one of: {precisions}</source>
        <translation>알 수 없는 정밀도 {precision!r}입니다. 다음 중 하나를 선택하세요: {precisions}</translation>
    </message>
    <message>
        <source>--input-size must be between 1 and {most} pixels, not {input_size}</source>
        <translation>--input-size는 1에서 {most}픽셀 사이여야 합니다 ({input_size}이(가) 아님)</translation>
    </message>
    <message>
        <source>choose either --weights or --random-weights, not both</source>
        <translation>--weights와 --random-weights 중 하나만 선택하세요</translation>
    </message>
    <message>
        <source>{option} must be a whole number from 1 to {most}, not {value!r}</source>
        <translation>{option}은(는) 1부터 {most}까지의 정수여야 합니다 ({value!r}이(가) 아님)</translation>
    </message>
    <message>
        <source>{option} must be a number above {low:g} and at most {high:g}, not {value!r}</source>
        <translation>{option}은(는) {low:g}보다 크고 {high:g} 이하인 수여야 합니다 ({value!r}이(가) 아님)</translation>
    </message>
    <message>
        <source>{option} must be a number at least {low:g} and at most {high:g}, not {value!r}</source>
        <translation>{option}은(는) {low:g} 이상 {high:g} 이하의 수여야 합니다 ({value!r}이(가) 아님)</translation>
    </message>
    <message>
        <source>--random-weights needs a network: choose one with --model</source>
        <translation>--random-weights에는 네트워크가 필요합니다. --model로 선택하세요</translation>
    </message>
    <message>
        <source>choose a network with --model, or weights with --weights</source>
        <translation>--model로 네트워크를, 또는 --weights로 가중치를 선택하세요</translation>
    </message>
    <message>
        <source>{weights}: no such file or installed weights (see `inception-desktop weights list`)</source>
        <translation>{weights}: 그런 파일이나 설치된 가중치가 없습니다 (`inception-desktop weights list` 참고)</translation>
    </message>
    <message>
        <source>weights {name!r} at {path} are corrupt ({problem}); remove and download or import them again</source>
        <translation>{path}의 가중치 {name!r}이(가) 손상되었습니다 ({problem}). 제거한 뒤 다시 다운로드하거나 가져오세요</translation>
    </message>
    <message>
        <source>weights {name!r} are for {network}, not {expected}: choose {choice}</source>
        <translation>가중치 {name!r}은(는) {expected}이(가) 아니라 {network}용입니다. {choice}을(를) 선택하세요</translation>
    </message>
    <message>
        <source>the weights at {path} are corrupt ({problem}); run `inception-desktop weights download {name}` again</source>
        <translation>{path}의 가중치가 손상되었습니다 ({problem}). `inception-desktop weights download {name}`을 다시 실행하세요</translation>
    </message>
    <message>
        <source>{name} was fine-tuned on {network} weights {weights!r} (sha256 {sha256}...), which are not installed: run `inception-desktop weights download {network_name}` or import that file</source>
        <translation>{name}은(는) {network} 가중치 {weights!r}(sha256 {sha256}...)로 미세 조정되었는데 이 가중치가 설치되어 있지 않습니다. `inception-desktop weights download {network_name}`을 실행하거나 그 파일을 가져오세요</translation>
    </message>
    <message>
        <source>{prefix}... (prefix)</source>
        <translation>{prefix}... (접두사)</translation>
    </message>
    <message>
        <source>`weights verify` found it corrupt (sha256 {sha256}...); remove it and download or import it again</source>
        <translation>`weights verify`에서 손상된 것으로 확인되었습니다 (sha256 {sha256}...). 제거한 뒤 다시 다운로드하거나 가져오세요</translation>
    </message>
    <message>
        <source>cannot read: {reason}</source>
        <translation>읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>sha256 is {sha256}..., expected {expected}...; the file changed or is not the published one</source>
        <translation>sha256이 {expected}...이어야 하는데 {sha256}...입니다. 파일이 바뀌었거나 배포된 파일이 아닙니다</translation>
    </message>
    <message>
        <source>changed since import (sha256 now {sha256}...); remove it and import the file again</source>
        <translation>가져온 뒤 바뀌었습니다 (현재 sha256 {sha256}...). 제거한 뒤 파일을 다시 가져오세요</translation>
    </message>
    <message>
        <source>its provenance record is missing or damaged; remove and import again</source>
        <translation>출처 기록이 없거나 손상되었습니다. 제거한 뒤 다시 가져오세요</translation>
    </message>
    <message>
        <source>its provenance record names no network</source>
        <translation>출처 기록에 네트워크가 없습니다</translation>
    </message>
    <message>
        <source>use letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 80 characters, not ending in .lock, .download, .partial or .provenance.json)</source>
        <translation>영문자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;만 쓰세요 (최대 80자, .lock, .download, .partial, .provenance.json으로 끝나지 않게)</translation>
    </message>
    <message>
        <source>&apos;all&apos; stands for every network in --models; choose another name</source>
        <translation>&apos;all&apos;은 --models에서 모든 네트워크를 뜻합니다. 다른 이름을 선택하세요</translation>
    </message>
    <message>
        <source>Windows keeps that name for a device; choose another name</source>
        <translation>Windows에서 장치용으로 예약된 이름입니다. 다른 이름을 선택하세요</translation>
    </message>
    <message>
        <source>invalid name {name!r}: {problem}</source>
        <translation>잘못된 이름 {name!r}: {problem}</translation>
    </message>
    <message>
        <source>{name!r} is the name of a network; choose another --name</source>
        <translation>{name!r}은(는) 네트워크 이름입니다. 다른 --name을 선택하세요</translation>
    </message>
    <message>
        <source>weights named {name!r} already exist; choose another --name or remove them first with `inception-desktop weights remove {name}`</source>
        <translation>{name!r}(이)라는 가중치가 이미 있습니다. 다른 --name을 선택하거나 먼저 `inception-desktop weights remove {name}`(으)로 제거하세요</translation>
    </message>
    <message>
        <source>no installed weights named {name!r}; see `inception-desktop weights list`</source>
        <translation>{name!r}(이)라는 설치된 가중치가 없습니다. `inception-desktop weights list`를 참고하세요</translation>
    </message>
    <message>
        <source>{name!r} ships with the app ({file}) and cannot be removed</source>
        <translation>{name!r}은(는) 앱에 포함된 가중치({file})이므로 제거할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot remove {file}: {reason}</source>
        <translation>{file}을(를) 제거할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>a class activation map needs a classifier on globally averaged features; this model&apos;s head is not one: use Grad-CAM (--backend torch)</source>
        <translation>클래스 활성화 맵(CAM)에는 전역 평균 풀링된 특징 위의 분류기가 필요한데, 이 모델의 헤드는 그렇지 않습니다. Grad-CAM을 사용하세요 (--backend torch)</translation>
    </message>
    <message>
        <source>nothing can run this model here</source>
        <translation>이 컴퓨터에서는 이 모델을 실행할 수 있는 것이 없습니다</translation>
    </message>
    <message>
        <source>measuring what runs {network} fastest on this machine ({runtimes}; once)...</source>
        <translation>이 컴퓨터에서 {network}을(를) 가장 빠르게 실행하는 방법을 측정하는 중입니다 ({runtimes}; 한 번만)...</translation>
    </message>
    <message>
        <source>unknown device {device!r}; choose one of: {devices}</source>
        <translation>알 수 없는 장치 {device!r}입니다. 다음 중 하나를 선택하세요: {devices}</translation>
    </message>
    <message>
        <source>torch is not installed in this build; full fine-tuning and the torch backend need it</source>
        <translation>이 빌드에는 torch가 설치되어 있지 않습니다. 전체 미세 조정과 torch 백엔드에는 torch가 필요합니다</translation>
    </message>
    <message>
        <source>device {device!r} is not available here; available: {present}</source>
        <translation>장치 {device!r}을(를) 여기서 사용할 수 없습니다. 사용 가능한 장치: {present}</translation>
    </message>
    <message>
        <source>{model} {backend} {precision} batch {batch}</source>
        <translation>{model} {backend} {precision} 배치 {batch}</translation>
    </message>
    <message>
        <source>none of the {count} image files can be read (the first: {problem})</source>
        <translation>이미지 파일 {count}개를 하나도 읽을 수 없습니다 (첫 번째: {problem})</translation>
    </message>
    <message>
        <source>sequential</source>
        <translation>순차 실행</translation>
    </message>
    <message>
        <source>inference only</source>
        <translation>추론만</translation>
    </message>
    <message>
        <source>pipelined</source>
        <translation>파이프라인</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}: {reason}</translation>
    </message>
    <message>
        <source>unknown or protected kind(s) {bad}; choose from {allowed} (weights are removed with `inception-desktop weights remove NAME`)</source>
        <translation>알 수 없거나 보호된 종류 {bad}입니다. 다음 중에서 선택하세요: {allowed} (가중치는 `inception-desktop weights remove NAME`으로 제거합니다)</translation>
    </message>
    <message>
        <source>unknown or protected kind(s) {bad}; choose from {allowed}</source>
        <translation>알 수 없거나 보호된 종류 {bad}입니다. 다음 중에서 선택하세요: {allowed}</translation>
    </message>
    <message>
        <source>say what to prune: --older-than DAYS and/or --max-size SIZE</source>
        <translation>정리할 대상을 지정하세요: --older-than DAYS 또는 --max-size SIZE (둘 다 가능)</translation>
    </message>
    <message>
        <source>INCEPTION_DESKTOP_DATA_DIR sets the data folder here; change that variable to move it</source>
        <translation>여기서는 INCEPTION_DESKTOP_DATA_DIR이 데이터 폴더를 정합니다. 옮기려면 그 변수를 바꾸세요</translation>
    </message>
    <message>
        <source>{folder} is inside the data folder; choose a folder outside it</source>
        <translation>{folder}은(는) 데이터 폴더 안에 있습니다. 데이터 폴더 바깥의 폴더를 선택하세요</translation>
    </message>
    <message>
        <source>{folder} is not an empty folder; choose a new or empty one</source>
        <translation>{folder}은(는) 빈 폴더가 아닙니다. 새 폴더나 빈 폴더를 선택하세요</translation>
    </message>
    <message>
        <source>moving {name}</source>
        <translation>{name} 옮기는 중</translation>
    </message>
    <message>
        <source>cannot move the data folder to {folder}: {reason}</source>
        <translation>데이터 폴더를 {folder}(으)로 옮길 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{model}: {cached} cached</source>
        <translation>{model}: {cached}개 캐시됨</translation>
    </message>
    <message>
        <source>warning: {problem}; predictions are not cached</source>
        <translation>경고: {problem}. 예측을 캐시하지 않습니다</translation>
    </message>
    <message>
        <source>warning: {emptied}</source>
        <translation>경고: {emptied}</translation>
    </message>
    <message>
        <source>warning: {changed} cached prediction(s) in {path} changed since they were written; computing them again</source>
        <translation>경고: {path}에 캐시된 예측 {changed}개가 기록된 뒤에 바뀌었습니다. 다시 계산합니다</translation>
    </message>
    <message>
        <source>no model could be evaluated on {data}: {reasons}</source>
        <translation>{data}에서 평가할 수 있는 모델이 없습니다: {reasons}</translation>
    </message>
    <message>
        <source>the export {path} could not be read back</source>
        <translation>내보낸 파일 {path}을(를) 다시 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>warning: {reason}; exporting into a temporary folder for this run</source>
        <translation>경고: {reason}. 이번 실행에서는 임시 폴더로 내보냅니다</translation>
    </message>
    <message>
        <source>warning: {problem}; it is not used</source>
        <translation>경고: {problem}. 사용하지 않습니다</translation>
    </message>
    <message>
        <source>warning: {problem}; exporting it again</source>
        <translation>경고: {problem}. 다시 내보냅니다</translation>
    </message>
    <message>
        <source>no ONNX export of {network} with weights {weights} in this build, and torch is needed to make one</source>
        <translation>이 빌드에는 가중치 {weights}을(를) 쓰는 {network}의 ONNX 내보내기가 없고, 만들려면 torch가 필요합니다</translation>
    </message>
    <message>
        <source>preparing {network} for onnxruntime (an ONNX export, once per set of weights)...</source>
        <translation>onnxruntime용으로 {network}을(를) 준비하는 중입니다 (ONNX 내보내기, 가중치마다 한 번)...</translation>
    </message>
    <message>
        <source>{root}: {contents}</source>
        <translation>{root}: {contents}</translation>
    </message>
    <message>
        <source>ImageNet validation layout (one folder per WordNet ID)</source>
        <translation>ImageNet 검증 구조 (WordNet ID마다 폴더 하나)</translation>
    </message>
    <message>
        <source>one folder per class</source>
        <translation>클래스마다 폴더 하나</translation>
    </message>
    <message>
        <source>a flat folder with a labels CSV</source>
        <translation>레이블 CSV가 있는 평면 폴더</translation>
    </message>
    <message>
        <source>a flat folder with Kaggle&apos;s LOC_val_solution.csv</source>
        <translation>Kaggle의 LOC_val_solution.csv가 있는 평면 폴더</translation>
    </message>
    <message>
        <source>{n} image</source>
        <translation>이미지 {n}개</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>이미지 {n}개</translation>
    </message>
    <message>
        <source>{n} class</source>
        <translation>클래스 {n}개</translation>
    </message>
    <message>
        <source>{n} classes</source>
        <translation>클래스 {n}개</translation>
    </message>
    <message>
        <source>{layout}; {images} of {classes} (a seeded sample of {total})</source>
        <translation>{layout}; {classes}의 {images} ({total}개에서 시드로 뽑은 표본)</translation>
    </message>
    <message>
        <source>{layout}; {images} of {classes}</source>
        <translation>{layout}; {classes}의 {images}</translation>
    </message>
    <message>
        <source>{file}: cannot be read as text ({reason})</source>
        <translation>{file}: 텍스트로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>{root} has no class sub-folders: give a folder with one sub-folder per class, or the labels of a flat folder with --labels FILE</source>
        <translation>{root}에 클래스 하위 폴더가 없습니다. 클래스마다 하위 폴더가 하나씩 있는 폴더를 지정하거나, 평면 폴더라면 --labels FILE로 레이블을 지정하세요</translation>
    </message>
    <message>
        <source>{file}: cannot be read as CSV ({reason})</source>
        <translation>{file}: CSV로 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>{file} holds no rows</source>
        <translation>{file}에 행이 없습니다</translation>
    </message>
    <message>
        <source>no label</source>
        <translation>레이블 없음</translation>
    </message>
    <message>
        <source>no such image in the folder</source>
        <translation>폴더에 그런 이미지가 없습니다</translation>
    </message>
    <message>
        <source>label {label!r} is no class of the model</source>
        <translation>레이블 {label!r}은(는) 모델의 클래스가 아닙니다</translation>
    </message>
    <message>
        <source>listed twice</source>
        <translation>두 번 나열되었습니다</translation>
    </message>
    <message>
        <source>{root}: {reason}</source>
        <translation>{root}: {reason}</translation>
    </message>
    <message>
        <source>no sub-folder names a class of the model (skipped: {folders})</source>
        <translation>모델의 클래스 이름과 같은 하위 폴더가 없습니다 (건너뜀: {folders})</translation>
    </message>
    <message>
        <source>none of the {rows} row of {file} could be used ({details})</source>
        <translation>{file}의 행 {rows}개를 하나도 사용할 수 없습니다 ({details})</translation>
    </message>
    <message>
        <source>none of the {rows} rows of {file} could be used ({details})</source>
        <translation>{file}의 행 {rows}개를 하나도 사용할 수 없습니다 ({details})</translation>
    </message>
    <message>
        <source>no labelled images</source>
        <translation>레이블이 있는 이미지가 없습니다</translation>
    </message>
    <message>
        <source>the export&apos;s classifier {classifier} cannot be read ({kind}); delete {stem}.* to export again</source>
        <translation>내보내기의 분류기 {classifier}을(를) 읽을 수 없습니다 ({kind}). 다시 내보내려면 {stem}.*을(를) 삭제하세요</translation>
    </message>
    <message>
        <source>unknown block(s) for {network}: {unknown}</source>
        <translation>{network}에 없는 블록입니다: {unknown}</translation>
    </message>
    <message>
        <source>cannot read {file} ({kind}: {reason}); delete it to export again</source>
        <translation>{file}을(를) 읽을 수 없습니다 ({kind}: {reason}). 다시 내보내려면 삭제하세요</translation>
    </message>
    <message>
        <source>cannot load {file} with onnxruntime: {reason}; delete it to export again</source>
        <translation>onnxruntime으로 {file}을(를) 불러올 수 없습니다: {reason}. 다시 내보내려면 삭제하세요</translation>
    </message>
    <message>
        <source>the fine-tuned classifier takes {taken} features, the network gives {given}</source>
        <translation>미세 조정된 분류기는 특징 {taken}개를 받지만 네트워크는 {given}개를 냅니다</translation>
    </message>
    <message>
        <source>OpenVINO cannot run {file} ({first}); use --backend onnxruntime</source>
        <translation>OpenVINO로 {file}을(를) 실행할 수 없습니다 ({first}). --backend onnxruntime을 사용하세요</translation>
    </message>
    <message>
        <source>OpenVINO did not answer every part of the batch</source>
        <translation>OpenVINO가 배치의 일부에 답하지 않았습니다</translation>
    </message>
    <message>
        <source>{file}: {reason}</source>
        <translation>{file}: {reason}</translation>
    </message>
    <message>
        <source>{file}: cannot be prepared ({kind}: {reason})</source>
        <translation>{file}: 준비할 수 없습니다 ({kind}: {reason})</translation>
    </message>
    <message>
        <source>the prediction cache {path} was made from other weights or another export; it was emptied</source>
        <translation>예측 캐시 {path}이(가) 다른 가중치나 다른 내보내기로 만들어져서 비웠습니다</translation>
    </message>
    <message>
        <source>the prediction cache cannot be used ({reason})</source>
        <translation>예측 캐시를 사용할 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>warning: {reason}</source>
        <translation>경고: {reason}</translation>
    </message>
    <message>
        <source>not measuring int8: its check kept only {percent:.0f}% of the top-1 answers (quantize on more typical images)</source>
        <translation>int8을 측정하지 않습니다: 검사에서 top-1 답의 {percent:.0f}%만 유지되었습니다 (더 전형적인 이미지로 양자화하세요)</translation>
    </message>
    <message>
        <source>{problem}; it was removed: make it again with `inception-desktop quantize --model {network} ...`</source>
        <translation>{problem}. 제거했습니다. `inception-desktop quantize --model {network} ...`로 다시 만드세요</translation>
    </message>
    <message>
        <source>no int8 export of {network} with weights {weights}: make one with `inception-desktop quantize --model {model} {target} --calibration DIR` (DIR: some of your photos)</source>
        <translation>가중치 {weights}을(를) 쓰는 {network}의 int8 내보내기가 없습니다. `inception-desktop quantize --model {model} {target} --calibration DIR`로 만드세요 (DIR: 내 사진 몇 장)</translation>
    </message>
    <message>
        <source>{network} ({head}), weights {weights}, {runs} on {device}</source>
        <translation>{network} ({head}), 가중치 {weights}, {device}에서 {runs}</translation>
    </message>
    <message>
        <source>{network}, weights {weights}, {runs} on {device}</source>
        <translation>{network}, 가중치 {weights}, {device}에서 {runs}</translation>
    </message>
    <message>
        <source>{runtime} (auto: fastest here at batch {batch} of {measured})</source>
        <translation>{runtime} (자동: 배치 {batch}에서 {measured} 중 여기서 가장 빠름)</translation>
    </message>
    <message>
        <source>the weights {weights} make {network} produce outputs that are not finite numbers: the weights are corrupt; remove them and download or import them again</source>
        <translation>가중치 {weights}(으)로 {network}이(가) 유한하지 않은 수를 출력합니다. 가중치가 손상되었습니다. 제거한 뒤 다시 다운로드하거나 가져오세요</translation>
    </message>
    <message>
        <source>{bad} of {total} input(s) make {network}&apos;s outputs not finite numbers (values far outside what preprocessing gives)</source>
        <translation>입력 {total}개 중 {bad}개가 {network}의 출력을 유한하지 않은 수로 만듭니다 (전처리가 내는 범위를 크게 벗어난 값)</translation>
    </message>
    <message>
        <source>top-k must be at least 1, not {top}</source>
        <translation>top-k는 1 이상이어야 합니다 ({top}이(가) 아님)</translation>
    </message>
    <message>
        <source>top-k and the batch size must be at least 1</source>
        <translation>top-k와 배치 크기는 1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>{file}: makes {network}&apos;s outputs not finite numbers</source>
        <translation>{file}: {network}의 출력을 유한하지 않은 수로 만듭니다</translation>
    </message>
    <message>
        <source>Grad-CAM needs the torch backend (gradients); choose --backend torch</source>
        <translation>Grad-CAM에는 torch 백엔드가 필요합니다 (기울기). --backend torch를 선택하세요</translation>
    </message>
    <message>
        <source>{width} x {height} pixels: the image is empty</source>
        <translation>{width} x {height}픽셀: 이미지가 비어 있습니다</translation>
    </message>
    <message>
        <source>{width} x {height} pixels: one side is {ratio:,.0f} times the other (at most {most:.0f} is classified); crop the part that matters and classify that</source>
        <translation>{width} x {height}픽셀: 한 변이 다른 변의 {ratio:,.0f}배입니다 (최대 {most:.0f}배까지 분류합니다). 중요한 부분을 잘라 내어 분류하세요</translation>
    </message>
    <message>
        <source>--calibration {root}: {readable} readable image(s); {count} could not be read (the first: {problem}); give at least {least}</source>
        <translation>--calibration {root}: 읽을 수 있는 이미지가 {readable}개입니다. {count}개는 읽을 수 없습니다 (첫 번째: {problem}). {least}개 이상 지정하세요</translation>
    </message>
    <message>
        <source>--calibration {root}: {readable} readable image(s); give at least {least} (typical photos of yours: the more, the better the calibration)</source>
        <translation>--calibration {root}: 읽을 수 있는 이미지가 {readable}개입니다. {least}개 이상 지정하세요 (내 전형적인 사진: 많을수록 보정이 좋아집니다)</translation>
    </message>
    <message>
        <source>--calibration {root}: {found} image file(s); give at least {least} (typical photos of yours: the more, the better the calibration)</source>
        <translation>--calibration {root}: 이미지 파일이 {found}개입니다. {least}개 이상 지정하세요 (내 전형적인 사진: 많을수록 보정이 좋아집니다)</translation>
    </message>
    <message>
        <source>--calibration {root}: not a folder</source>
        <translation>--calibration {root}: 폴더가 아닙니다</translation>
    </message>
    <message>
        <source>reading {count} images of {root}...</source>
        <translation>{root}의 이미지 {count}개를 읽는 중...</translation>
    </message>
    <message>
        <source>quantizing needs the onnx package (the full install, not the torch-free bundle)</source>
        <translation>양자화에는 onnx 패키지가 필요합니다 (torch 없는 번들이 아닌 전체 설치)</translation>
    </message>
    <message>
        <source>unknown method {method!r}; choose one of: {methods}</source>
        <translation>알 수 없는 방법 {method!r}입니다. 다음 중 하나를 선택하세요: {methods}</translation>
    </message>
    <message>
        <source>warning: {problem}; quantizing it again</source>
        <translation>경고: {problem}. 다시 양자화합니다</translation>
    </message>
    <message>
        <source>quantizing {network} ({method} calibration on {count} images, first conv and classifier in fp32)...</source>
        <translation>{network} 양자화 중 (이미지 {count}개로 {method} 보정, 첫 합성곱과 분류기는 fp32)...</translation>
    </message>
    <message>
        <source>quantizing {network} ({method} calibration on {count} images)...</source>
        <translation>{network} 양자화 중 (이미지 {count}개로 {method} 보정)...</translation>
    </message>
    <message>
        <source>measuring fp32 against int8 on each runtime...</source>
        <translation>각 런타임에서 fp32와 int8을 비교 측정하는 중...</translation>
    </message>
    <message>
        <source>the int8 export {target} could not be read back</source>
        <translation>int8 내보내기 {target}을(를) 다시 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>torch is not installed in this build</source>
        <translation>이 빌드에는 torch가 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>unknown backend {name!r}; choose one of: {backends}</source>
        <translation>알 수 없는 백엔드 {name!r}입니다. 다음 중 하나를 선택하세요: {backends}</translation>
    </message>
    <message>
        <source>the {name} backend does not run ONNX exports</source>
        <translation>{name} 백엔드는 ONNX 내보내기를 실행하지 않습니다</translation>
    </message>
    <message>
        <source>unknown precision {precision!r}; choose one of: {choices}</source>
        <translation>알 수 없는 정밀도 {precision!r}입니다. 다음 중 하나를 선택하세요: {choices}</translation>
    </message>
    <message>
        <source>device {device!r} is not available here; available: {available}</source>
        <translation>장치 {device!r}을(를) 여기서 사용할 수 없습니다. 사용 가능한 장치: {available}</translation>
    </message>
    <message>
        <source>--precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX); emulated bf16 is slower than fp32: use fp32, or int8 after `inception-desktop quantize`</source>
        <translation>--precision bf16: 이 CPU에는 네이티브 bf16(AVX512-BF16 또는 AMX)이 없으며, 에뮬레이션된 bf16은 fp32보다 느립니다. fp32를 사용하거나, `inception-desktop quantize` 후에 int8을 사용하세요</translation>
    </message>
    <message>
        <source>--precision {precision} runs on the CPU here; on a GPU use fp32 (torch) or its own mixed precision</source>
        <translation>--precision {precision}은(는) 여기서 CPU에서만 실행됩니다. GPU에서는 fp32(torch)나 GPU 자체의 혼합 정밀도를 사용하세요</translation>
    </message>
    <message>
        <source>--precision {precision} needs {who}, and none is installed here</source>
        <translation>--precision {precision}에는 {who}이(가) 필요한데 여기에는 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>the {backend} backend is not installed here ({install_hint}), or use --backend {other}</source>
        <translation>{backend} 백엔드가 여기에 설치되어 있지 않습니다 ({install_hint}). 또는 --backend {other}을(를) 사용하세요</translation>
    </message>
    <message>
        <source>the {backend} backend is not installed here ({install_hint})</source>
        <translation>{backend} 백엔드가 여기에 설치되어 있지 않습니다 ({install_hint})</translation>
    </message>
    <message>
        <source>--precision {precision} runs on the {runners} backends, not {backend}</source>
        <translation>--precision {precision}은(는) {backend}이(가) 아니라 {runners} 백엔드에서 실행됩니다</translation>
    </message>
    <message>
        <source>--precision {precision} runs on the {runners} backend, not {backend}</source>
        <translation>--precision {precision}은(는) {backend}이(가) 아니라 {runners} 백엔드에서 실행됩니다</translation>
    </message>
    <message>
        <source>the {backend} backend runs on {where}, and not on {device} here (install onnxruntime-gpu); use --backend torch for {device}</source>
        <translation>{backend} 백엔드는 {where}에서 실행되며, 여기서는 {device}에서 실행되지 않습니다 (onnxruntime-gpu를 설치하세요). {device}에는 --backend torch를 사용하세요</translation>
    </message>
    <message>
        <source>the {backend} backend runs on {where}, and not on {device} here; use --backend torch for {device}</source>
        <translation>{backend} 백엔드는 {where}에서 실행되며, 여기서는 {device}에서 실행되지 않습니다. {device}에는 --backend torch를 사용하세요</translation>
    </message>
    <message>
        <source>the weights {weights!r} of {network} exist here only as an ONNX export; use the onnxruntime backend</source>
        <translation>{network}의 가중치 {weights!r}은(는) 여기에 ONNX 내보내기로만 있습니다. onnxruntime 백엔드를 사용하세요</translation>
    </message>
    <message>
        <source>{path} changed since it was verified (sha256 now {now}..., recorded {sha256}...): the file is damaged; remove it and download or import it again</source>
        <translation>{path}이(가) 검증된 뒤에 바뀌었습니다 (현재 sha256 {now}..., 기록된 값 {sha256}...). 파일이 손상되었습니다. 제거한 뒤 다시 다운로드하거나 가져오세요</translation>
    </message>
    <message>
        <source>cannot use device {device!r}: {reason}</source>
        <translation>장치 {device!r}을(를) 사용할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{what} {path}</source>
        <translation>{what} {path}</translation>
    </message>
    <message>
        <source>{file} is a folder; give a file</source>
        <translation>{file}은(는) 폴더입니다. 파일을 지정하세요</translation>
    </message>
    <message>
        <source>{file} is not a regular file (a device, a pipe or a socket); give a file</source>
        <translation>{file}은(는) 일반 파일이 아닙니다 (장치, 파이프 또는 소켓). 파일을 지정하세요</translation>
    </message>
    <message>
        <source>{what} {path}: cannot be read ({reason})</source>
        <translation>{what} {path}: 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>{what} {path} is larger than {limit:,} bytes; give the right file</source>
        <translation>{what} {path}이(가) {limit:,}바이트보다 큽니다. 올바른 파일을 지정하세요</translation>
    </message>
    <message>
        <source>{name} in {folder}</source>
        <translation>{name} ({folder} 폴더)</translation>
    </message>
    <message>
        <source>cannot write {file}: the disk is full; free some space or choose a folder on another disk</source>
        <translation>{file}을(를) 쓸 수 없습니다: 디스크가 가득 찼습니다. 공간을 확보하거나 다른 디스크의 폴더를 선택하세요</translation>
    </message>
    <message>
        <source>cannot write {file}: the folder is not writable; choose a writable place</source>
        <translation>{file}을(를) 쓸 수 없습니다: 폴더에 쓰기 권한이 없습니다. 쓸 수 있는 위치를 선택하세요</translation>
    </message>
    <message>
        <source>cannot write {file}: a part of the path is a file, not a folder</source>
        <translation>{file}을(를) 쓸 수 없습니다: 경로의 일부가 폴더가 아니라 파일입니다</translation>
    </message>
    <message>
        <source>cannot write {file}: {reason}</source>
        <translation>{file}을(를) 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{what} {path} is a folder; give a file name inside it, such as {example}</source>
        <translation>{what} {path}은(는) 폴더입니다. 그 안의 파일 이름을 지정하세요 (예: {example})</translation>
    </message>
    <message>
        <source>{what} {path}: the file name must end in {allowed}</source>
        <translation>{what} {path}: 파일 이름은 {allowed}(으)로 끝나야 합니다</translation>
    </message>
    <message>
        <source>{what} and {option} are the same file ({path}); give each its own name</source>
        <translation>{what}와(과) {option}이(가) 같은 파일입니다 ({path}). 각각 다른 이름을 지정하세요</translation>
    </message>
    <message>
        <source>{what} {path}: the folder {parent} does not exist</source>
        <translation>{what} {path}: 폴더 {parent}이(가) 없습니다</translation>
    </message>
    <message>
        <source>{what} {path}: {parent} is a file, not a folder</source>
        <translation>{what} {path}: {parent}은(는) 폴더가 아니라 파일입니다</translation>
    </message>
    <message>
        <source>{what} {path}: the folder {parent} is not writable</source>
        <translation>{what} {path}: 폴더 {parent}에 쓰기 권한이 없습니다</translation>
    </message>
    <message>
        <source>{what} {path} exists and is read-only</source>
        <translation>{what} {path}이(가) 이미 있고 읽기 전용입니다</translation>
    </message>
    <message>
        <source>{what}: {problem}</source>
        <translation>{what}: {problem}</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>a part of the path is a file, not a folder</source>
        <translation>경로의 일부가 폴더가 아니라 파일입니다</translation>
    </message>
    <message>
        <source>it is not writable</source>
        <translation>쓰기 권한이 없습니다</translation>
    </message>
    <message>
        <source>cannot use the {what} {folder}: {why}; {fix}</source>
        <translation>{what} {folder}을(를) 사용할 수 없습니다: {why}. {fix}</translation>
    </message>
    <message>
        <source>set INCEPTION_DESKTOP_DATA_DIR to a writable folder, or free some space</source>
        <translation>INCEPTION_DESKTOP_DATA_DIR을 쓸 수 있는 폴더로 설정하거나 공간을 확보하세요</translation>
    </message>
    <message>
        <source>data folder</source>
        <translation>데이터 폴더</translation>
    </message>
    <message>
        <source>{root}: leaving out {names} leaves {count} class(es); fine-tuning needs at least 2</source>
        <translation>{root}: {names}을(를) 빼면 클래스가 {count}개 남습니다. 미세 조정에는 2개 이상 필요합니다</translation>
    </message>
    <message>
        <source>class {name!r} has no training image: the model cannot learn it</source>
        <translation>클래스 {name!r}에 학습 이미지가 없습니다. 모델이 이 클래스를 학습할 수 없습니다</translation>
    </message>
    <message>
        <source>class {name!r} has fewer than 2 images: too few to learn and check</source>
        <translation>클래스 {name!r}의 이미지가 2개 미만입니다. 학습하고 검사하기에 너무 적습니다</translation>
    </message>
    <message>
        <source>class names {names} differ only by case: they are one folder on Windows and macOS; rename one</source>
        <translation>클래스 이름 {names}은(는) 대소문자만 다릅니다. Windows와 macOS에서는 같은 폴더가 되므로 하나의 이름을 바꾸세요</translation>
    </message>
    <message>
        <source>{classes} classes, {images} images in {root} (train/ and val/ folders)</source>
        <translation>{root}에 클래스 {classes}개, 이미지 {images}개 (train/ 및 val/ 폴더)</translation>
    </message>
    <message>
        <source>{classes} classes, {images} images in {root} (split {train:.0%} / {val:.0%}, seed {seed})</source>
        <translation>{root}에 클래스 {classes}개, 이미지 {images}개 (분할 {train:.0%} / {val:.0%}, 시드 {seed})</translation>
    </message>
    <message>
        <source>{row}  &lt;- no training image</source>
        <translation>{row}  &lt;- 학습 이미지 없음</translation>
    </message>
    <message>
        <source>{row}  &lt;- fewer than 2 images</source>
        <translation>{row}  &lt;- 이미지 2개 미만</translation>
    </message>
    <message>
        <source>  warning: {names} differ only by case</source>
        <translation>  경고: {names}은(는) 대소문자만 다릅니다</translation>
    </message>
    <message>
        <source>  skipped {n} unreadable file:</source>
        <translation>  읽을 수 없는 파일 {n}개를 건너뛰었습니다:</translation>
    </message>
    <message>
        <source>  skipped {n} unreadable files:</source>
        <translation>  읽을 수 없는 파일 {n}개를 건너뛰었습니다:</translation>
    </message>
    <message>
        <source>    {file}: {reason}</source>
        <translation>    {file}: {reason}</translation>
    </message>
    <message>
        <source>    ... and {n} more</source>
        <translation>    ... 외 {n}개</translation>
    </message>
    <message>
        <source>  ignored {n} hidden or non-image file</source>
        <translation>  숨김 파일이나 이미지가 아닌 파일 {n}개를 무시했습니다</translation>
    </message>
    <message>
        <source>  ignored {n} hidden or non-image files</source>
        <translation>  숨김 파일이나 이미지가 아닌 파일 {n}개를 무시했습니다</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>빈 파일입니다 (0바이트)</translation>
    </message>
    <message>
        <source>{width} x {height} pixels is over the limit of {limit:,} (a possible decompression bomb)</source>
        <translation>{width} x {height}픽셀은 한도 {limit:,}을(를) 넘습니다 (압축 폭탄일 수 있음)</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>권한이 없습니다</translation>
    </message>
    <message>
        <source>{root}: not a folder; give a folder with one sub-folder per class</source>
        <translation>{root}: 폴더가 아닙니다. 클래스마다 하위 폴더가 하나씩 있는 폴더를 지정하세요</translation>
    </message>
    <message>
        <source>--val-split must be in [0, 1), not {val_split}</source>
        <translation>--val-split은 [0, 1) 범위여야 합니다 ({val_split}이(가) 아님)</translation>
    </message>
    <message>
        <source>{root} has {count} class folder(s); fine-tuning needs at least 2 sub-folders (one per class) with images in them</source>
        <translation>{root}에 클래스 폴더가 {count}개 있습니다. 미세 조정에는 이미지가 든 하위 폴더(클래스마다 하나)가 2개 이상 필요합니다</translation>
    </message>
    <message>
        <source>{root}: no readable images in the class folders</source>
        <translation>{root}: 클래스 폴더에 읽을 수 있는 이미지가 없습니다</translation>
    </message>
    <message>
        <source>warning: features are not cached ({reason})</source>
        <translation>경고: 특징을 캐시하지 않습니다 ({reason})</translation>
    </message>
    <message>
        <source>warning: {changed} cached feature vector(s) in {folder} changed since they were written; computing them again</source>
        <translation>경고: {folder}에 캐시된 특징 벡터 {changed}개가 기록된 뒤에 바뀌었습니다. 다시 계산합니다</translation>
    </message>
    <message>
        <source>features: {cached} cached</source>
        <translation>특징: {cached}개 캐시됨</translation>
    </message>
    <message>
        <source>features: {done} of {total} ({cached} cached)</source>
        <translation>특징: {total}개 중 {done}개 ({cached}개 캐시됨)</translation>
    </message>
    <message>
        <source>{root} has no training image</source>
        <translation>{root}에 학습 이미지가 없습니다</translation>
    </message>
    <message>
        <source>--resume {path}: no such file</source>
        <translation>--resume {path}: 파일이 없습니다</translation>
    </message>
    <message>
        <source>--resume {path} is not a resume file of this run ({kind}: {detail}); give the OUT.resume.pt that this model&apos;s last run wrote</source>
        <translation>--resume {path}은(는) 이 실행의 재개 파일이 아닙니다 ({kind}: {detail}). 이 모델의 마지막 실행이 쓴 OUT.resume.pt를 지정하세요</translation>
    </message>
    <message>
        <source>epoch {epoch} of {epochs}</source>
        <translation>에포크 {epoch}/{epochs}</translation>
    </message>
    <message>
        <source>CUDA ran out of memory even at batch size 1; use a smaller --input-size or the CPU</source>
        <translation>배치 크기 1에서도 CUDA 메모리가 부족합니다. 더 작은 --input-size나 CPU를 사용하세요</translation>
    </message>
    <message>
        <source>CUDA out of memory: batch size halved to {batch_size}; epoch {epoch} starts again</source>
        <translation>CUDA 메모리 부족: 배치 크기를 {batch_size}(으)로 줄였습니다. 에포크 {epoch}을(를) 다시 시작합니다</translation>
    </message>
    <message>
        <source>batch size {batch} (asked for)</source>
        <translation>배치 크기 {batch} (지정한 값)</translation>
    </message>
    <message>
        <source>batch size {batch} (halved if the GPU runs out of memory)</source>
        <translation>배치 크기 {batch} (GPU 메모리가 부족하면 절반으로 줄입니다)</translation>
    </message>
    <message>
        <source>batch size {batch}: about {gb:.1f} GB of memory, under the bound of {bound:.1f} GB (--batch-size changes it)</source>
        <translation>배치 크기 {batch}: 메모리 약 {gb:.1f} GB, 한도 {bound:.1f} GB 이내 (--batch-size로 바꿀 수 있습니다)</translation>
    </message>
    <message>
        <source>batch size {batch}: about {gb:.1f} GB of memory, the smallest batch; over the bound of {bound:.1f} GB (--batch-size changes it)</source>
        <translation>배치 크기 {batch}: 메모리 약 {gb:.1f} GB, 가장 작은 배치이지만 한도 {bound:.1f} GB를 넘습니다 (--batch-size로 바꿀 수 있습니다)</translation>
    </message>
    <message>
        <source>training without the auxiliary loss: the aux head needs {need} x {need} inputs, and this run uses {size} x {size}</source>
        <translation>보조 손실 없이 학습합니다: 보조 헤드에는 {need} x {need} 입력이 필요한데 이번 실행은 {size} x {size}을(를) 사용합니다</translation>
    </message>
    <message>
        <source>training without the auxiliary loss: the weights have no auxiliary head ({heads})</source>
        <translation>보조 손실 없이 학습합니다: 가중치에 보조 헤드가 없습니다 ({heads})</translation>
    </message>
    <message>
        <source>precision: {precision} on {device} ({reason})</source>
        <translation>정밀도: {device}에서 {precision} ({reason})</translation>
    </message>
    <message>
        <source>cancelled while computing features; nothing was trained (the features computed so far are cached)</source>
        <translation>특징을 계산하는 중에 취소했습니다. 아무것도 학습하지 않았습니다 (지금까지 계산한 특징은 캐시되어 있습니다)</translation>
    </message>
    <message>
        <source>no training image in {root} could be read</source>
        <translation>{root}의 학습 이미지를 하나도 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>{images} images of {classes} classes: {label_issues} suspected label errors, {duplicates} duplicate groups ({contradictions} across classes, {leaks} across train/val), {outliers} outliers</source>
        <translation>클래스 {classes}개의 이미지 {images}개: 잘못된 레이블 의심 {label_issues}개, 중복 그룹 {duplicates}개 (클래스 간 {contradictions}개, train/val 간 누수 {leaks}개), 이상치 {outliers}개</translation>
    </message>
    <message>
        <source>checking {count} images of {root}</source>
        <translation>{root}의 이미지 {count}개를 검사하는 중</translation>
    </message>
    <message>
        <source>cancelled while computing features (those computed are cached)</source>
        <translation>특징을 계산하는 중에 취소했습니다 (계산한 특징은 캐시되어 있습니다)</translation>
    </message>
    <message>
        <source>unreadable: {reason}</source>
        <translation>읽을 수 없음: {reason}</translation>
    </message>
    <message>
        <source>looking for odd files and identical copies</source>
        <translation>이상한 파일과 똑같은 사본을 찾는 중</translation>
    </message>
    <message>
        <source>more near-duplicate pairs than can be listed: the most similar were kept (the images of this folder are very alike)</source>
        <translation>거의 같은 쌍이 너무 많아 모두 나열할 수 없습니다. 가장 비슷한 쌍만 남겼습니다 (이 폴더의 이미지들이 매우 비슷합니다)</translation>
    </message>
    <message>
        <source>far from every class</source>
        <translation>어느 클래스와도 멀리 떨어짐</translation>
    </message>
    <message>
        <source>nearly one colour</source>
        <translation>거의 한 가지 색</translation>
    </message>
    <message>
        <source>tiny ({width} x {height} pixels)</source>
        <translation>아주 작음 ({width} x {height}픽셀)</translation>
    </message>
    <message>
        <source>extreme aspect ratio ({ratio:.1f} : 1)</source>
        <translation>극단적인 가로세로 비율 ({ratio:.1f} : 1)</translation>
    </message>
    <message>
        <source>label check: fold {fold} of {folds}</source>
        <translation>레이블 검사: 폴드 {fold}/{folds}</translation>
    </message>
    <message>
        <source>label check: done</source>
        <translation>레이블 검사: 완료</translation>
    </message>
    <message>
        <source>comparing images</source>
        <translation>이미지 비교 중</translation>
    </message>
    <message>
        <source>--precision bf16: this GPU has no bf16 support; use fp16 or auto</source>
        <translation>--precision bf16: 이 GPU는 bf16을 지원하지 않습니다. fp16이나 auto를 사용하세요</translation>
    </message>
    <message>
        <source>--precision {requested} runs on a CPU with native bf16 or on CUDA; on {kind} use fp32 (or auto)</source>
        <translation>--precision {requested}은(는) 네이티브 bf16이 있는 CPU나 CUDA에서 실행됩니다. {kind}에서는 fp32(또는 auto)를 사용하세요</translation>
    </message>
    <message>
        <source>--precision fp16 is for CUDA GPUs; on a CPU use bf16 (where the CPU has it natively) or fp32</source>
        <translation>--precision fp16은 CUDA GPU용입니다. CPU에서는 bf16(CPU가 네이티브로 지원하는 경우)이나 fp32를 사용하세요</translation>
    </message>
    <message>
        <source>--precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX); emulated bf16 is slower than fp32, so use --precision fp32 or auto</source>
        <translation>--precision bf16: 이 CPU에는 네이티브 bf16(AVX512-BF16 또는 AMX)이 없으며, 에뮬레이션된 bf16은 fp32보다 느립니다. --precision fp32나 auto를 사용하세요</translation>
    </message>
    <message>
        <source>{device}: fp32</source>
        <translation>{device}: fp32</translation>
    </message>
    <message>
        <source>asked for</source>
        <translation>지정한 값</translation>
    </message>
    <message>
        <source>this CPU has no native bf16</source>
        <translation>이 CPU에는 네이티브 bf16이 없음</translation>
    </message>
    <message>
        <source>this CPU has native bf16</source>
        <translation>이 CPU에는 네이티브 bf16이 있음</translation>
    </message>
    <message>
        <source>{why}; distributed run, not measured</source>
        <translation>{why}; 분산 실행이라 측정하지 않음</translation>
    </message>
    <message>
        <source>measuring the training speed of this CPU (once per network and size)...</source>
        <translation>이 CPU의 학습 속도를 측정하는 중 (네트워크와 크기마다 한 번)...</translation>
    </message>
    <message>
        <source>native bf16 measured only {speedup:.2f}x faster than fp32 here</source>
        <translation>네이티브 bf16이 여기서 fp32보다 {speedup:.2f}배만 빠르게 측정됨</translation>
    </message>
    <message>
        <source>native bf16, measured {speedup:.2f}x faster than fp32</source>
        <translation>네이티브 bf16, fp32보다 {speedup:.2f}배 빠르게 측정됨</translation>
    </message>
    <message>
        <source>{why}; channels-last measured faster</source>
        <translation>{why}; channels-last가 더 빠르게 측정됨</translation>
    </message>
    <message>
        <source>{why}; default memory format measured faster</source>
        <translation>{why}; 기본 메모리 형식이 더 빠르게 측정됨</translation>
    </message>
    <message>
        <source>automatic mixed precision: the GPU supports bf16</source>
        <translation>자동 혼합 정밀도: GPU가 bf16을 지원함</translation>
    </message>
    <message>
        <source>automatic mixed precision: no bf16 on this GPU, fp16 with a gradient scaler</source>
        <translation>자동 혼합 정밀도: 이 GPU에는 bf16이 없어 기울기 스케일러와 함께 fp16 사용</translation>
    </message>
    <message>
        <source>moved {file} to {to_class}</source>
        <translation>{file}을(를) {to_class}(으)로 옮김</translation>
    </message>
    <message>
        <source>removed {file} from training</source>
        <translation>{file}을(를) 학습에서 제외함</translation>
    </message>
    <message>
        <source>kept {file}</source>
        <translation>{file} 유지함</translation>
    </message>
    <message>
        <source>kept {n} files</source>
        <translation>파일 {n}개 유지함</translation>
    </message>
    <message>
        <source>undid {action}</source>
        <translation>{action} 실행 취소함</translation>
    </message>
    <message>
        <source>{to_class!r} is not a class folder name</source>
        <translation>{to_class!r}은(는) 클래스 폴더 이름이 아닙니다</translation>
    </message>
    <message>
        <source>{file} is already in {to_class}</source>
        <translation>{file}은(는) 이미 {to_class}에 있습니다</translation>
    </message>
    <message>
        <source>nothing to undo</source>
        <translation>실행 취소할 것이 없습니다</translation>
    </message>
    <message>
        <source>that action is not in effect (undone already?)</source>
        <translation>그 작업은 적용된 상태가 아닙니다 (이미 실행 취소했나요?)</translation>
    </message>
    <message>
        <source>cannot undo: {source} is no longer there (moved or deleted since); nothing was changed</source>
        <translation>실행 취소할 수 없습니다: {source}이(가) 더 이상 없습니다 (그 사이에 옮겨졌거나 삭제됨). 아무것도 바꾸지 않았습니다</translation>
    </message>
    <message>
        <source>cannot undo: {target} exists again; move one of the two by hand; nothing was changed</source>
        <translation>실행 취소할 수 없습니다: {target}이(가) 다시 생겼습니다. 둘 중 하나를 직접 옮기세요. 아무것도 바꾸지 않았습니다</translation>
    </message>
    <message>
        <source>{file} is not inside {root}</source>
        <translation>{file}은(는) {root} 안에 있지 않습니다</translation>
    </message>
    <message>
        <source>{file} is not in a class folder of {root}</source>
        <translation>{file}은(는) {root}의 클래스 폴더에 있지 않습니다</translation>
    </message>
    <message>
        <source>{file} is no longer there (moved or deleted since the check); check the folder again</source>
        <translation>{file}이(가) 더 이상 없습니다 (검사 후에 옮겨졌거나 삭제됨). 폴더를 다시 검사하세요</translation>
    </message>
    <message>
        <source>{file} changed on disk since the check; check the folder again before acting on it</source>
        <translation>검사 후에 디스크의 {file}이(가) 바뀌었습니다. 조치하기 전에 폴더를 다시 검사하세요</translation>
    </message>
    <message>
        <source>another window or process is changing {root}; try again in a moment</source>
        <translation>다른 창이나 프로세스가 {root}을(를) 변경하고 있습니다. 잠시 후 다시 시도하세요</translation>
    </message>
    <message>
        <source>cannot write the review journal in {root}: {reason}; the folder must be writable to move files</source>
        <translation>{root}에 검토 기록을 쓸 수 없습니다: {reason}. 파일을 옮기려면 폴더에 쓰기 권한이 있어야 합니다</translation>
    </message>
    <message>
        <source>cannot write {journal}: {reason}; nothing was changed</source>
        <translation>{journal}을(를) 쓸 수 없습니다: {reason}. 아무것도 바꾸지 않았습니다</translation>
    </message>
    <message>
        <source>{target} appeared meanwhile; nothing was moved</source>
        <translation>그 사이에 {target}이(가) 생겼습니다. 아무것도 옮기지 않았습니다</translation>
    </message>
    <message>
        <source>cannot make the run folder {folder} in {parent}: {reason}</source>
        <translation>{parent}에 실행 폴더 {folder}을(를) 만들 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>{folder} is not a fine-tuning run of the data folder</source>
        <translation>{folder}은(는) 데이터 폴더의 미세 조정 실행이 아닙니다</translation>
    </message>
    <message>
        <source>cannot remove {folder}: {reason}</source>
        <translation>{folder}을(를) 제거할 수 없습니다: {reason}</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>onnxruntime: not installed</source>
        <translation>onnxruntime: 설치되지 않음</translation>
    </message>
    <message>
        <source>torch: not loaded</source>
        <translation>torch: 로드되지 않음</translation>
    </message>
    <message>
        <source>no network loaded yet</source>
        <translation>아직 로드된 네트워크가 없습니다</translation>
    </message>
    <message>
        <source>generated (untrained)</source>
        <translation>생성됨 (학습되지 않음)</translation>
    </message>
    <message>
        <source>an ONNX export</source>
        <translation>ONNX 내보내기 파일</translation>
    </message>
    <message>
        <source>{network}: weights &lt;b&gt;{name}&lt;/b&gt;, sha256 {sha256}&lt;br&gt;from {where}</source>
        <translation>{network}: 가중치 &lt;b&gt;{name}&lt;/b&gt;, sha256 {sha256}&lt;br&gt;출처: {where}</translation>
    </message>
    <message>
        <source>untrained</source>
        <translation>학습되지 않음</translation>
    </message>
    <message>
        <source>Classify images with, and look inside, {networks}.</source>
        <translation>{networks}(으)로 이미지를 분류하고 그 내부를 들여다봅니다.</translation>
    </message>
    <message>
        <source>About Inception Desktop</source>
        <translation>Inception Desktop 정보</translation>
    </message>
</context>
<context>
    <name>banner</name>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>channel_grid</name>
    <message>
        <source>channel {channel} ({branch} branch)</source>
        <translation>채널 {channel} ({branch} 브랜치)</translation>
    </message>
    <message>
        <source>channel {channel}</source>
        <translation>채널 {channel}</translation>
    </message>
    <message>
        <source>best crop from {file}</source>
        <translation>가장 잘 맞는 영역: {file}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Pick a channel</source>
        <translation>채널을 고르세요</translation>
    </message>
    <message>
        <source>{w} × {h} positions, each shown {scale} × {scale} px</source>
        <translation>위치 {w} × {h}개, 각각 {scale} × {scale} px로 표시</translation>
    </message>
</context>
<context>
    <name>class_cards</name>
    <message>
        <source>no training image: left out</source>
        <translation>학습 이미지 없음: 제외됨</translation>
    </message>
    <message>
        <source>too few images</source>
        <translation>이미지가 너무 적음</translation>
    </message>
    <message>
        <source>name collides</source>
        <translation>이름 충돌</translation>
    </message>
    <message>
        <source>{n} unreadable</source>
        <translation>읽기 불가 {n}</translation>
    </message>
    <message>
        <source>{train} train · {val} val</source>
        <translation>학습 {train} · 검증 {val}</translation>
    </message>
    <message>
        <source> · {n} unreadable</source>
        <translation> · 읽기 불가 {n}</translation>
    </message>
    <message>
        <source>at least 2 classes (sub-folders) with images are needed</source>
        <translation>이미지가 있는 클래스(하위 폴더)가 2개 이상 필요합니다</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es) without a training image will be left out of training: {names}</source>
        <translation>
            <numerusform>학습 이미지가 없는 클래스 %n개는 학습에서 제외됩니다: {names}</numerusform>
        </translation>
    </message>
    <message>
        <source>too few images to learn well (fewer than 5) in {names}</source>
        <translation>{names}: 잘 학습하기에는 이미지가 너무 적습니다 (5개 미만)</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) cannot be read and will be skipped (Details)</source>
        <translation>
            <numerusform>파일 %n개를 읽을 수 없어 건너뜁니다 (자세히)</numerusform>
        </translation>
    </message>
    <message>
        <source>{name}: {train} to train, {val} to validate</source>
        <translation>{name}: 학습 {train}개, 검증 {val}개</translation>
    </message>
</context>
<context>
    <name>classify_tab</name>
    <message>
        <source>{model} on {network}</source>
        <translation>{model} ({network} 기반)</translation>
    </message>
    <message>
        <source> (untrained)</source>
        <translation> (학습되지 않음)</translation>
    </message>
    <message>
        <source> (untrained base)</source>
        <translation> (학습되지 않은 기반)</translation>
    </message>
    <message>
        <source>Class activation map</source>
        <translation>클래스 활성화 맵 (CAM)</translation>
    </message>
    <message>
        <source>Click a label to see where in the image the network saw it (click it again to hide the map)</source>
        <translation>레이블을 클릭하면 네트워크가 이미지의 어디에서 그것을 보았는지 표시합니다 (다시 클릭하면 맵을 숨깁니다)</translation>
    </message>
    <message>
        <source>Opacity of the activation map</source>
        <translation>활성화 맵의 불투명도</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>맵</translation>
    </message>
    <message>
        <source>Map opacity</source>
        <translation>맵 불투명도</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>{name} cannot be shown</source>
        <translation>{name}을(를) 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>{name} 여는 중…</translation>
    </message>
    <message>
        <source>{name}: classifying…</source>
        <translation>{name}: 분류 중…</translation>
    </message>
    <message>
        <source>Top {n}</source>
        <translation>상위 {n}개</translation>
    </message>
    <message>
        <source>Grad-CAM at {block}</source>
        <translation>Grad-CAM: {block}</translation>
    </message>
    <message>
        <source>Grad-CAM at a block: needs the torch backend</source>
        <translation>블록의 Grad-CAM: torch 백엔드가 필요합니다</translation>
    </message>
    <message>
        <source>Grad-CAM runs the network backwards, which only the torch backend can; choose Backend: torch</source>
        <translation>Grad-CAM은 네트워크를 역방향으로 실행하며, 이는 torch 백엔드만 할 수 있습니다. 백엔드를 torch로 선택하세요</translation>
    </message>
</context>
<context>
    <name>compare_view</name>
    <message>
        <source>Get weights…</source>
        <translation>가중치 받기…</translation>
    </message>
    <message>
        <source>UNTRAINED (random weights)</source>
        <translation>학습되지 않음 (무작위 가중치)</translation>
    </message>
    <message>
        <source>weights {name}</source>
        <translation>가중치 {name}</translation>
    </message>
    <message>
        <source>{weights} · {backend} on {device} · {ms} ms</source>
        <translation>{weights} · {backend} ({device}) · {ms} ms</translation>
    </message>
    <message>
        <source>No weights on this computer: not run. Download or import them, or choose untrained weights for it.</source>
        <translation>이 컴퓨터에 가중치가 없어 실행하지 않았습니다. 가중치를 다운로드하거나 가져오세요. 또는 학습되지 않은 가중치를 선택하세요.</translation>
    </message>
    <message>
        <source>Compare again</source>
        <translation>다시 비교</translation>
    </message>
    <message>
        <source>Compare runs by itself on the current image; this runs it again</source>
        <translation>비교는 현재 이미지에서 자동으로 실행됩니다. 이 버튼은 다시 실행합니다</translation>
    </message>
    <message>
        <source>Open an image: {networks} then classify it side by side here.</source>
        <translation>이미지를 여세요. {networks}이(가) 여기에서 나란히 분류합니다.</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>대기 중…</translation>
    </message>
    <message>
        <source>Loading {network} (the first comparison loads each network)…</source>
        <translation>{network} 불러오는 중 (첫 비교 때 네트워크마다 불러옵니다)…</translation>
    </message>
    <message>
        <source>Classifying…</source>
        <translation>분류 중…</translation>
    </message>
    <message>
        <source>Comparing the {n} networks on &lt;b&gt;{name}&lt;/b&gt;…</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;에서 네트워크 {n}개 비교 중…</translation>
    </message>
    <message>
        <source>(made before the runtime changed: Compare again)</source>
        <translation>(실행 환경이 바뀌기 전의 결과입니다: 다시 비교)</translation>
    </message>
    <message>
        <source>only one network has weights; get the others&apos; to compare.</source>
        <translation>가중치가 있는 네트워크가 하나뿐입니다. 비교하려면 다른 네트워크의 가중치를 받으세요.</translation>
    </message>
    <message>
        <source>all {n} agree on &lt;b&gt;{label}&lt;/b&gt;.</source>
        <translation>{n}개 모두 &lt;b&gt;{label}&lt;/b&gt;(으)로 일치합니다.</translation>
    </message>
    <message>
        <source>the networks disagree on the top label; {k} of {n} say &lt;b&gt;{label}&lt;/b&gt;.</source>
        <translation>네트워크마다 최상위 레이블이 다릅니다. {n}개 중 {k}개가 &lt;b&gt;{label}&lt;/b&gt;입니다.</translation>
    </message>
    <message>
        <source>the networks disagree on the top label.</source>
        <translation>네트워크마다 최상위 레이블이 다릅니다.</translation>
    </message>
    <message>
        <source> Green: in every top-5 ({n}).</source>
        <translation> 초록색: 모든 top-5에 있음 ({n}개).</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Delete {what}?</source>
        <translation>{what}을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete {what} ({size})?</source>
        <translation>{what} ({size})을(를) 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>controller</name>
    <message>
        <source>No image files in {names}</source>
        <translation>{names}에 이미지 파일이 없습니다</translation>
    </message>
    <message numerus="yes">
        <source>Added {name} to the batch (%n image(s); the others are kept)</source>
        <translation>
            <numerusform>{name}을(를) 배치에 추가했습니다 (이미지 %n개, 다른 이미지는 유지됩니다)</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} is already in the batch: shown</source>
        <translation>{name}은(는) 이미 배치에 있습니다: 표시합니다</translation>
    </message>
    <message>
        <source>Pasted image {number}</source>
        <translation>붙여넣은 이미지 {number}</translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n image(s)…</source>
        <translation>
            <numerusform>이미지 %n개 분류 중…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %n image(s); {failed} could not be read</source>
        <translation>
            <numerusform>이미지 %n개를 분류했습니다. {failed}개는 읽을 수 없습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classified %n image(s)</source>
        <translation>
            <numerusform>이미지 %n개를 분류했습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>Open or paste an image first, then compare.</source>
        <translation>먼저 이미지를 열거나 붙여넣은 다음 비교하세요.</translation>
    </message>
    <message>
        <source>{name} cannot be read, so it cannot be compared.</source>
        <translation>{name}을(를) 읽을 수 없어 비교할 수 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n network(s)…</source>
        <translation>
            <numerusform>네트워크 %n개 비교 중…</numerusform>
        </translation>
    </message>
    <message>
        <source>{name}: not classified yet</source>
        <translation>{name}: 아직 분류되지 않았습니다</translation>
    </message>
    <message>
        <source>{model} on {network}</source>
        <translation>{model} ({network} 기반)</translation>
    </message>
    <message>
        <source>{name} ({model}, weights {weights})</source>
        <translation>{name} ({model}, 가중치 {weights})</translation>
    </message>
</context>
<context>
    <name>datafolder_dialog</name>
    <message>
        <source>Weights (remove them in Manage networks)</source>
        <translation>가중치 (네트워크 관리에서 제거하세요)</translation>
    </message>
    <message>
        <source>ONNX exports (made again when needed)</source>
        <translation>ONNX 내보내기 (필요할 때 다시 만듦)</translation>
    </message>
    <message>
        <source>Fine-tuning feature caches (slow to rebuild)</source>
        <translation>미세 조정 특징 캐시 (다시 만드는 데 오래 걸림)</translation>
    </message>
    <message>
        <source>Evaluation prediction caches (slow to rebuild)</source>
        <translation>평가 예측 캐시 (다시 만드는 데 오래 걸림)</translation>
    </message>
    <message>
        <source>Channel indexes, top images (slow to rebuild)</source>
        <translation>채널 인덱스, 가장 강하게 활성화하는 이미지 (다시 만드는 데 오래 걸림)</translation>
    </message>
    <message>
        <source>Fine-tuning runs</source>
        <translation>미세 조정 실행</translation>
    </message>
    <message>
        <source>Crash reports</source>
        <translation>충돌 보고서</translation>
    </message>
    <message>
        <source>Speed measurements</source>
        <translation>속도 측정값</translation>
    </message>
    <message>
        <source>Compiled models (OpenVINO, made again when needed)</source>
        <translation>컴파일된 모델 (OpenVINO, 필요할 때 다시 만듦)</translation>
    </message>
    <message numerus="yes">
        <source>%n ONNX export(s)</source>
        <translation>
            <numerusform>ONNX 내보내기 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning feature cache(s)</source>
        <translation>
            <numerusform>미세 조정 특징 캐시 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n evaluation cache(s)</source>
        <translation>
            <numerusform>평가 캐시 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel index(es)</source>
        <translation>
            <numerusform>채널 인덱스 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fine-tuning run(s)</source>
        <translation>
            <numerusform>미세 조정 실행 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n crash report(s)</source>
        <translation>
            <numerusform>충돌 보고서 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n speed measurement(s)</source>
        <translation>
            <numerusform>속도 측정값 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compiled model(s)</source>
        <translation>
            <numerusform>컴파일된 모델 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Slow to rebuild: the network runs again over every image of the folder (hours on a large library).</source>
        <translation>다시 만드는 데 오래 걸립니다: 네트워크가 폴더의 모든 이미지에 대해 다시 실행됩니다 (이미지가 많으면 몇 시간).</translation>
    </message>
    <message>
        <source>Quick to make again: they are made again when needed.</source>
        <translation>금방 다시 만들 수 있습니다: 필요할 때 다시 만들어집니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n일</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first}, {last}</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>측정 중…</translation>
    </message>
    <message>
        <source>What</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>개수</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source> days</source>
        <translation>일</translation>
    </message>
    <message>
        <source>Prune caches not used for</source>
        <translation>다음 기간 동안 쓰지 않은 캐시 정리:</translation>
    </message>
    <message>
        <source>Clear quick caches…</source>
        <translation>빠른 캐시 비우기…</translation>
    </message>
    <message>
        <source>ONNX exports, compiled models, speed measurements and crash reports: made again when needed. Never weights, runs or indexes</source>
        <translation>ONNX 내보내기, 컴파일된 모델, 속도 측정값, 충돌 보고서: 필요할 때 다시 만들어집니다. 가중치, 실행, 인덱스는 지우지 않습니다</translation>
    </message>
    <message>
        <source>Clear indexes and image caches…</source>
        <translation>인덱스와 이미지 캐시 비우기…</translation>
    </message>
    <message>
        <source>Channel indexes, evaluation and fine-tuning caches: rebuilding them runs the network over every image again (hours on a large library)</source>
        <translation>채널 인덱스, 평가 캐시와 미세 조정 캐시: 다시 만들려면 네트워크를 모든 이미지에 대해 다시 실행해야 합니다 (이미지가 많으면 몇 시간)</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Move…</source>
        <translation>옮기기…</translation>
    </message>
    <message>
        <source>Move everything the app keeps (weights, exports, caches, runs) to another folder or disk, and use it from now on</source>
        <translation>앱이 보관하는 모든 것(가중치, 내보내기, 캐시, 실행)을 다른 폴더나 디스크로 옮기고 앞으로 그곳을 사용합니다</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>In all: &lt;b&gt;{size}&lt;/b&gt;</source>
        <translation>전체: &lt;b&gt;{size}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Looking for what was not used for {days}…</source>
        <translation>{days} 동안 쓰지 않은 항목을 찾는 중…</translation>
    </message>
    <message>
        <source>Nothing to prune: every cache was used in the last {days}.</source>
        <translation>정리할 것이 없습니다: 모든 캐시가 최근 {days} 안에 사용되었습니다.</translation>
    </message>
    <message>
        <source>Not used for {days}.</source>
        <translation>{days} 동안 사용하지 않았습니다.</translation>
    </message>
    <message>
        <source>Prune caches</source>
        <translation>캐시 정리</translation>
    </message>
    <message>
        <source>Nothing was deleted.</source>
        <translation>아무것도 삭제하지 않았습니다.</translation>
    </message>
    <message>
        <source>Pruning what was not used for {days}…</source>
        <translation>{days} 동안 쓰지 않은 항목을 정리하는 중…</translation>
    </message>
    <message>
        <source>Clear quick caches</source>
        <translation>빠른 캐시 비우기</translation>
    </message>
    <message>
        <source>Clear indexes and image caches</source>
        <translation>인덱스와 이미지 캐시 비우기</translation>
    </message>
    <message>
        <source>{title}: there is nothing to delete.</source>
        <translation>{title}: 삭제할 것이 없습니다.</translation>
    </message>
    <message>
        <source>Clearing the caches…</source>
        <translation>캐시를 비우는 중…</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n item(s), {size} freed.</source>
        <translation>
            <numerusform>항목 %n개를 제거했습니다. {size}를 확보했습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not remove {count}: {problem}</source>
        <translation>{count}개를 제거할 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Move the data folder to</source>
        <translation>데이터 폴더를 옮길 위치</translation>
    </message>
    <message>
        <source>everything</source>
        <translation>모든 것</translation>
    </message>
    <message>
        <source>Move {size} to {folder}? The app uses it from now on.</source>
        <translation>{size}를 {folder}(으)로 옮길까요? 앞으로 앱이 이 폴더를 사용합니다.</translation>
    </message>
    <message>
        <source>Move the data folder</source>
        <translation>데이터 폴더 옮기기</translation>
    </message>
    <message>
        <source>Moving the data folder to {folder}…</source>
        <translation>데이터 폴더를 {folder}(으)로 옮기는 중…</translation>
    </message>
    <message>
        <source>Moved: the data folder is now {folder}.</source>
        <translation>옮겼습니다: 이제 데이터 폴더는 {folder}입니다.</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>데이터 폴더</translation>
    </message>
</context>
<context>
    <name>evaluate_results</name>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Mean class</source>
        <translation>클래스 평균</translation>
    </message>
    <message>
        <source>Images/s</source>
        <translation>이미지/초</translation>
    </message>
    <message>
        <source>Published top-1</source>
        <translation>공개 top-1</translation>
    </message>
    <message>
        <source>Published top-5</source>
        <translation>공개 top-5</translation>
    </message>
    <message>
        <source>Untrained (random) weights: these results are chance, not what the network can do. Get the published weights in File ▸ Manage networks.</source>
        <translation>학습되지 않은 (무작위) 가중치: 이 결과는 우연일 뿐, 네트워크의 실제 성능이 아닙니다. 공개된 가중치는 파일 ▸ 네트워크 관리에서 받으세요.</translation>
    </message>
    <message>
        <source>With 5 classes or fewer, every top-5 holds the right class: not shown</source>
        <translation>클래스가 5개 이하이면 top-5에 항상 정답 클래스가 들어 있으므로 표시하지 않습니다</translation>
    </message>
    <message>
        <source>untrained</source>
        <translation>학습되지 않음</translation>
    </message>
    <message>
        <source>{model} (untrained)</source>
        <translation>{model} (학습되지 않음)</translation>
    </message>
    <message>
        <source>{model} (partial)</source>
        <translation>{model} (일부)</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>캐시됨</translation>
    </message>
    <message>
        <source>{backend} {precision} on {device}</source>
        <translation>{backend} {precision}, {device}</translation>
    </message>
    <message>
        <source>Published on ImageNet: {source}</source>
        <translation>ImageNet 공개 수치: {source}</translation>
    </message>
    <message>
        <source>{model} (skipped)</source>
        <translation>{model} (건너뜀)</translation>
    </message>
    <message>
        <source>Skipped: {why}</source>
        <translation>건너뜀: {why}</translation>
    </message>
    <message>
        <source>perfectly calibrated</source>
        <translation>완벽한 보정</translation>
    </message>
    <message>
        <source>Reliability: accuracy against confidence (the numbers: images in each bin)</source>
        <translation>신뢰도 다이어그램: 신뢰도별 정확도 (숫자: 구간별 이미지 수)</translation>
    </message>
    <message>
        <source>confidence of the top-1</source>
        <translation>top-1 신뢰도</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Confident mistakes of {model}</source>
        <translation>{model}의 확신한 오답</translation>
    </message>
    <message>
        <source>{file}
true: {true}
taken for: {predicted} ({confidence})</source>
        <translation>{file}
정답: {true}
예측: {predicted} ({confidence})</translation>
    </message>
</context>
<context>
    <name>evaluate_tab</name>
    <message>
        <source>imagenet</source>
        <comment>a folder&apos;s layout</comment>
        <translation>ImageNet 검증 폴더</translation>
    </message>
    <message>
        <source>class-folders</source>
        <comment>a folder&apos;s layout</comment>
        <translation>클래스별 폴더</translation>
    </message>
    <message>
        <source>labels-csv</source>
        <comment>a folder&apos;s layout</comment>
        <translation>레이블 CSV</translation>
    </message>
    <message>
        <source>kaggle-loc</source>
        <comment>a folder&apos;s layout</comment>
        <translation>Kaggle LOC CSV</translation>
    </message>
    <message>
        <source>Choose labelled folder…</source>
        <translation>레이블이 있는 폴더 선택…</translation>
    </message>
    <message>
        <source>Labels file…</source>
        <translation>레이블 파일…</translation>
    </message>
    <message>
        <source>For a flat folder: a CSV of file,label (WordNet ID, index or class name) or Kaggle&apos;s LOC_val_solution.csv</source>
        <translation>하위 폴더가 없는 폴더용: file,label 형식의 CSV (WordNet ID, 인덱스 또는 클래스 이름) 또는 Kaggle의 LOC_val_solution.csv</translation>
    </message>
    <message>
        <source>Tick the models to evaluate side by side</source>
        <translation>나란히 평가할 모델을 선택하세요</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Double-click (or Enter) to open it in Classify with the map of what the network took it for</source>
        <translation>두 번 클릭(또는 Enter)하면 네트워크가 무엇으로 보았는지 보여 주는 맵과 함께 분류 탭에서 엽니다</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>신뢰도</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>클래스별</translation>
    </message>
    <message>
        <source>Confident mistakes</source>
        <translation>확신한 오답</translation>
    </message>
    <message>
        <source>Details of</source>
        <translation>세부 정보:</translation>
    </message>
    <message>
        <source>Review mistakes…</source>
        <translation>오답 검토…</translation>
    </message>
    <message>
        <source>The chosen model&apos;s confident mistakes in the folder&apos;s review (Fine-tune ▸ Check this folder): move, remove or keep each; class-folder data sets only</source>
        <translation>선택한 모델의 확신한 오답을 폴더 검토(미세 조정 ▸ 이 폴더 검사)에서 엽니다. 각 이미지를 이동, 제거 또는 유지할 수 있습니다. 클래스별 폴더 데이터 세트에서만 가능합니다</translation>
    </message>
    <message numerus="yes">
        <source>Fine-tuned on {network}: %n class(es)</source>
        <translation>
            <numerusform>{network}에서 미세 조정: 클래스 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>No weights for {models}: get them in File ▸ Manage networks.</source>
        <translation>{models}의 가중치가 없습니다. 파일 ▸ 네트워크 관리에서 받으세요.</translation>
    </message>
    <message>
        <source>Tick the models to evaluate.</source>
        <translation>평가할 모델을 선택하세요.</translation>
    </message>
    <message>
        <source>No ticked model has classes in this folder</source>
        <translation>선택한 모델 중 이 폴더의 클래스를 가진 모델이 없습니다</translation>
    </message>
    <message>
        <source>{model} will be skipped: {why}</source>
        <translation>{model}은(는) 건너뜁니다: {why}</translation>
    </message>
    <message>
        <source>{model}: no weights (File ▸ Manage networks)</source>
        <translation>{model}: 가중치 없음 (파일 ▸ 네트워크 관리)</translation>
    </message>
    <message>
        <source> · labels {file}</source>
        <translation> · 레이블 {file}</translation>
    </message>
    <message>
        <source>Choose a folder with one sub-folder per class (WordNet IDs such as n01440764, or class names), or a flat folder and a labels file</source>
        <translation>클래스마다 하위 폴더가 하나씩 있는 폴더(n01440764 같은 WordNet ID 또는 클래스 이름)를 선택하거나, 하위 폴더가 없는 폴더와 레이블 파일을 선택하세요</translation>
    </message>
    <message>
        <source>Labelled images</source>
        <translation>레이블이 있는 이미지</translation>
    </message>
    <message>
        <source>Labels file</source>
        <translation>레이블 파일</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>No weights for {models}: get them in File ▸ Manage networks, or choose untrained weights there.</source>
        <translation>{models}의 가중치가 없습니다. 파일 ▸ 네트워크 관리에서 받거나, 그곳에서 학습되지 않은 가중치를 선택하세요.</translation>
    </message>
    <message numerus="yes">
        <source>Evaluating %n model(s) ({models} left out: no weights)…</source>
        <translation>
            <numerusform>모델 %n개 평가 중 ({models} 제외: 가중치 없음)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Evaluating %n model(s)…</source>
        <translation>
            <numerusform>모델 %n개 평가 중…</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the current batch; the results cover what was done.</source>
        <translation>현재 배치가 끝나면 멈춥니다. 결과는 처리한 부분까지입니다.</translation>
    </message>
    <message numerus="yes">
        <source>{what}: {done} of %n image(s), {rate} images/s</source>
        <translation>
            <numerusform>{what}: 이미지 %n개 중 {done}개, 초당 {rate}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{what}: {done} of %n image(s)</source>
        <translation>
            <numerusform>{what}: 이미지 %n개 중 {done}개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{dataset}; %n folder(s) name no class and are skipped</source>
        <translation>
            <numerusform>{dataset}. 폴더 %n개는 클래스 이름이 아니어서 건너뜁니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) ({unread} could not be read)</source>
        <translation>
            <numerusform>이미지 %n개 ({unread}개는 읽을 수 없음)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>이미지 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>클래스 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: the results cover what was done. {images} of {classes} ({layout} layout).</source>
        <translation>중지됨: 결과는 처리한 부분까지입니다. {classes}, {images} ({layout} 구성).</translation>
    </message>
    <message>
        <source>Done: {images} of {classes} ({layout} layout).</source>
        <translation>완료: {classes}, {images} ({layout} 구성).</translation>
    </message>
    <message>
        <source>Skipped: {models} (see the table).</source>
        <translation>건너뜀: {models} (표 참조).</translation>
    </message>
    <message>
        <source>⚠ Untrained (random) weights for {networks}: their results are chance.</source>
        <translation>⚠ {networks}은(는) 학습되지 않은 (무작위) 가중치입니다. 결과는 우연입니다.</translation>
    </message>
    <message>
        <source>Cancelled before a model finished; the results shown are from before.</source>
        <translation>모델이 끝나기 전에 취소되었습니다. 표시된 결과는 이전 결과입니다.</translation>
    </message>
    <message>
        <source>Cancelled before a model finished; nothing to show.</source>
        <translation>모델이 끝나기 전에 취소되었습니다. 표시할 결과가 없습니다.</translation>
    </message>
</context>
<context>
    <name>feature_exports</name>
    <message>
        <source>gray</source>
        <translation>회색조</translation>
    </message>
    <message>
        <source>viridis</source>
        <translation>viridis</translation>
    </message>
    <message>
        <source>magma</source>
        <translation>magma</translation>
    </message>
    <message>
        <source>{block}: {channels} channels of {width} × {height}, {normalization}, ordered {order}</source>
        <translation>{block}: {width} × {height} 채널 {channels}개, {normalization}, {order}</translation>
    </message>
    <message>
        <source>normalised per channel</source>
        <translation>채널별 정규화</translation>
    </message>
    <message>
        <source>normalised per block</source>
        <translation>블록 전체 정규화</translation>
    </message>
    <message>
        <source>by channel number</source>
        <translation>채널 번호순</translation>
    </message>
    <message>
        <source>by mean activation</source>
        <translation>평균 활성화순</translation>
    </message>
    <message>
        <source>by highest activation</source>
        <translation>최대 활성화순</translation>
    </message>
    <message>
        <source>lowest to highest of each channel&apos;s values ({colormap})</source>
        <translation>각 채널 값의 최솟값에서 최댓값까지 ({colormap})</translation>
    </message>
    <message>
        <source>lowest to highest of the block&apos;s values ({colormap})</source>
        <translation>블록 값의 최솟값에서 최댓값까지 ({colormap})</translation>
    </message>
    <message>
        <source>Export channel…</source>
        <translation>채널 내보내기…</translation>
    </message>
    <message>
        <source>A PNG of the channel at its own resolution (one pixel per position), its value range in the file</source>
        <translation>채널을 원래 해상도(위치당 한 픽셀)로 담은 PNG. 값의 범위도 파일에 기록됩니다</translation>
    </message>
    <message>
        <source>Export grid…</source>
        <translation>격자 내보내기…</translation>
    </message>
    <message>
        <source>Every channel of the block at its resolution, numbered, with the branches, a legend and a colour bar</source>
        <translation>블록의 모든 채널을 원래 해상도로, 번호·브랜치·범례·컬러 막대와 함께 담습니다</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Export grid</source>
        <translation>격자 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Export channel</source>
        <translation>채널 내보내기</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>저장하지 못했습니다: {reason}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name}을(를) 저장했습니다</translation>
    </message>
</context>
<context>
    <name>feature_index</name>
    <message>
        <source>Index a folder…</source>
        <translation>폴더 색인…</translation>
    </message>
    <message>
        <source>Run a folder of your images once: then each channel shows the images (and regions) that make it fire most</source>
        <translation>이미지 폴더를 한 번 실행해 두면 채널마다 가장 강하게 활성화하는 이미지(와 영역)를 보여 줍니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Folder of images to index</source>
        <translation>색인할 이미지 폴더</translation>
    </message>
    <message>
        <source>Indexing {folder}…</source>
        <translation>{folder} 색인 중…</translation>
    </message>
    <message numerus="yes">
        <source>Indexing: {done} of %n image(s)</source>
        <translation>
            <numerusform>색인 중: 이미지 %n개 중 {done}개</numerusform>
        </translation>
    </message>
    <message>
        <source>, {rate}/s</source>
        <translation>, 초당 {rate}개</translation>
    </message>
    <message numerus="yes">
        <source>Indexed %n image(s) of {folder}; {failed} could not be read. Pick a channel to see its top images, or show the atlas.</source>
        <translation>
            <numerusform>{folder}의 이미지 %n개를 색인했습니다. {failed}개는 읽을 수 없었습니다. 채널을 고르면 가장 강하게 활성화하는 이미지를 보여 주며, 아틀라스를 볼 수도 있습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Indexed %n image(s) of {folder}. Pick a channel to see its top images, or show the atlas.</source>
        <translation>
            <numerusform>{folder}의 이미지 %n개를 색인했습니다. 채널을 고르면 가장 강하게 활성화하는 이미지를 보여 주며, 아틀라스를 볼 수도 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Indexing cancelled; what was indexed is kept and the next run goes on from there.</source>
        <translation>색인을 취소했습니다. 색인한 부분은 보관되며 다음 실행은 거기서부터 이어집니다.</translation>
    </message>
    <message>
        <source>Channel {channel} never fires on {folder}: its highest value there is 0 or less.</source>
        <translation>채널 {channel}은(는) {folder}에서 활성화되지 않습니다. 그곳에서의 최댓값이 0 이하입니다.</translation>
    </message>
    <message>
        <source>Top images of channel {channel} in {folder} (mean {mean}); click one to open it with this channel</source>
        <translation>{folder}에서 채널 {channel}을(를) 가장 강하게 활성화하는 이미지 (평균 {mean}). 클릭하면 이 채널과 함께 엽니다</translation>
    </message>
    <message>
        <source>activation {value} at ({y}, {x}), region {box}</source>
        <translation>활성화 {value}, 위치 ({y}, {x}), 영역 {box}</translation>
    </message>
    <message>
        <source>Cropping the best image region of every channel…</source>
        <translation>채널마다 가장 잘 맞는 이미지 영역을 잘라내는 중…</translation>
    </message>
</context>
<context>
    <name>feature_viewer</name>
    <message>
        <source>Block</source>
        <translation>블록</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>per channel</source>
        <translation>채널별</translation>
    </message>
    <message>
        <source>per block</source>
        <translation>블록 전체</translation>
    </message>
    <message>
        <source>by index</source>
        <translation>번호순</translation>
    </message>
    <message>
        <source>by mean</source>
        <translation>평균순</translation>
    </message>
    <message>
        <source>by max</source>
        <translation>최댓값순</translation>
    </message>
    <message>
        <source>Colormap of the channels</source>
        <translation>채널의 컬러맵</translation>
    </message>
    <message>
        <source>Stretch each channel to its own range, or one range for the whole block (shows which channels are strongest)</source>
        <translation>채널마다 자체 범위로 늘이거나, 블록 전체에 하나의 범위를 씁니다 (어느 채널이 가장 강한지 보여 줍니다)</translation>
    </message>
    <message>
        <source>Channel order: by index, or strongest first</source>
        <translation>채널 순서: 번호순 또는 강한 것부터</translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation>타일 크기</translation>
    </message>
    <message>
        <source>This image&apos;s activations</source>
        <translation>이 이미지의 활성화</translation>
    </message>
    <message>
        <source>Atlas: best crop of the folder</source>
        <translation>아틀라스: 폴더에서 가장 잘 맞는 영역</translation>
    </message>
    <message>
        <source>Atlas: each channel shown by the region of the indexed folder that makes it fire most (index a folder first)</source>
        <translation>아틀라스: 각 채널을 색인한 폴더에서 가장 강하게 활성화하는 영역으로 보여 줍니다 (먼저 폴더를 색인하세요)</translation>
    </message>
    <message>
        <source>Open an image, then pick a block</source>
        <translation>이미지를 연 다음 블록을 고르세요</translation>
    </message>
    <message>
        <source>Opacity of the channel over the image</source>
        <translation>이미지 위 채널의 불투명도</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Over the image</source>
        <translation>이미지 위</translation>
    </message>
    <message>
        <source>Click a channel (arrow keys step through them)</source>
        <translation>채널을 클릭하세요 (화살표 키로 이동합니다)</translation>
    </message>
    <message>
        <source>Colormap</source>
        <translation>컬러맵</translation>
    </message>
    <message>
        <source>Normalise</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>순서</translation>
    </message>
    <message>
        <source>Tiles</source>
        <translation>타일</translation>
    </message>
    <message>
        <source>{model} on {network}</source>
        <translation>{model} ({network} 기반)</translation>
    </message>
    <message>
        <source>The index was made with other weights: index the folder again.</source>
        <translation>색인이 다른 가중치로 만들어졌습니다. 폴더를 다시 색인하세요.</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>{name} 불러오는 중…</translation>
    </message>
    <message numerus="yes">
        <source>{name}: module {path}, stride {stride}, %n channel(s)</source>
        <translation>
            <numerusform>{name}: 모듈 {path}, 스트라이드 {stride}, 채널 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s) of {h} × {w}</source>
        <translation>
            <numerusform>{h} × {w} 채널 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>each channel by its best crop from the indexed folder</source>
        <translation>각 채널을 색인한 폴더에서 가장 잘 맞는 영역으로 표시</translation>
    </message>
    <message>
        <source>{size} each</source>
        <translation>각 {size}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; ({path}) — %n channel(s), {what}</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; ({path}) — 채널 %n개, {what}</numerusform>
        </translation>
    </message>
    <message>
        <source>Branches: {branches}</source>
        <translation>브랜치: {branches}</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>그리는 중…</translation>
    </message>
    <message>
        <source>Index a folder first: the atlas shows each channel by its best crop from it.</source>
        <translation>먼저 폴더를 색인하세요. 아틀라스는 각 채널을 그 폴더에서 가장 잘 맞는 영역으로 보여 줍니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Channel {channel}&lt;/b&gt;</source>
        <translation>&lt;b&gt;채널 {channel}&lt;/b&gt;</translation>
    </message>
    <message>
        <source> — {branch} branch</source>
        <translation> — {branch} 브랜치</translation>
    </message>
    <message>
        <source>values {low} to {high}, mean {mean}, std {std}</source>
        <translation>값 {low} ~ {high}, 평균 {mean}, 표준편차 {std}</translation>
    </message>
    <message>
        <source>active (&gt; 0) at {percent}% of positions</source>
        <translation>위치의 {percent}%에서 활성 (&gt; 0)</translation>
    </message>
</context>
<context>
    <name>finetune_panel</name>
    <message>
        <source>Choose or drop a folder with one sub-folder per class</source>
        <translation>클래스마다 하위 폴더가 하나씩 있는 폴더를 선택하거나 끌어다 놓으세요</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>폴더 선택…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>자세히</translation>
    </message>
    <message>
        <source>Fine-tuning starts from the network chosen in the toolbar</source>
        <translation>미세 조정(파인튜닝)은 도구 모음에서 선택한 네트워크에서 시작합니다</translation>
    </message>
    <message>
        <source>Head (fast, cached features)</source>
        <translation>헤드만 (빠름, 캐시된 특징)</translation>
    </message>
    <message>
        <source>Full network (torch)</source>
        <translation>전체 네트워크 (torch)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Full mode: Auto takes bf16 on a CPU with native bf16 (when it measures faster) and mixed precision on a GPU, else fp32</source>
        <translation>전체 모드: 자동은 bf16을 기본 지원하는 CPU에서는 bf16을(측정해서 더 빠를 때), GPU에서는 혼합 정밀도를, 그 밖에는 fp32를 씁니다</translation>
    </message>
    <message>
        <source>Head mode stops early when validation stops improving</source>
        <translation>헤드 모드는 검증 결과가 더 나아지지 않으면 일찍 멈춥니다</translation>
    </message>
    <message>
        <source>the name the model is listed under</source>
        <translation>모델 목록에 표시될 이름</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>학습 시작</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>모델 이름</translation>
    </message>
    <message>
        <source>Check this folder…</source>
        <translation>이 폴더 검사…</translation>
    </message>
    <message>
        <source>Look for suspected label errors, duplicates (and train/val leaks) and outliers, and fix them, before training</source>
        <translation>학습하기 전에 잘못된 레이블 의심, 중복(및 학습/검증 누수), 이상치를 찾아 고칩니다</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>학습 곡선</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>The result of a run appears here.</source>
        <translation>실행 결과가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>{network} &lt;span style=&apos;color: {colour}&apos;&gt;(the toolbar&apos;s)&lt;/span&gt;</source>
        <translation>{network} &lt;span style=&apos;color: {colour}&apos;&gt;(도구 모음에서 선택)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Give the model a name.</source>
        <translation>모델 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Training images (one folder per class)</source>
        <translation>학습 이미지 (클래스마다 폴더 하나)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>살펴보는 중…</translation>
    </message>
    <message>
        <source>{classes}, {images}: {train} to train, {val} to validate</source>
        <translation>{classes}, {images}: 학습 {train}개, 검증 {val}개</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>클래스 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>이미지 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>Computing {what}</source>
        <translation>계산 중: {what}</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: loss {loss}, {rate} images/s, about {left} left</source>
        <translation>에포크 {epoch}/{epochs}: 손실 {loss}, 초당 이미지 {rate}개, 약 {left} 남음</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: loss {loss}, train {train}, validation {val}, about {left} left</source>
        <translation>에포크 {epoch}/{epochs}: 손실 {loss}, 학습 {train}, 검증 {val}, 약 {left} 남음</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}: loss {loss}, train {train}, about {left} left</source>
        <translation>에포크 {epoch}/{epochs}: 손실 {loss}, 학습 {train}, 약 {left} 남음</translation>
    </message>
    <message>
        <source>Cancelled before a model was saved: nothing was kept.</source>
        <translation>모델을 저장하기 전에 취소되었습니다. 남은 것이 없습니다.</translation>
    </message>
    <message>
        <source>Stopped before a model was saved.</source>
        <translation>모델을 저장하기 전에 멈췄습니다.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>완료.</translation>
    </message>
    <message>
        <source>Cancelled at epoch {epoch}: the best model so far (epoch {best}) is kept.</source>
        <translation>에포크 {epoch}에서 취소되었습니다. 지금까지 가장 좋은 모델(에포크 {best})을 보관합니다.</translation>
    </message>
    <message>
        <source>Cancelled at epoch {epoch}: the best model so far is kept.</source>
        <translation>에포크 {epoch}에서 취소되었습니다. 지금까지 가장 좋은 모델을 보관합니다.</translation>
    </message>
</context>
<context>
    <name>finetune_result</name>
    <message>
        <source>The result of a run appears here.</source>
        <translation>실행 결과가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>이 모델 사용</translation>
    </message>
    <message>
        <source>Confusion matrix: rows are the true class ↓, columns the predicted class →. Click a cell to see its images.</source>
        <translation>혼동 행렬: 행은 실제 클래스 ↓, 열은 예측한 클래스 →입니다. 칸을 클릭하면 해당 이미지를 봅니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;true ↓&lt;/b&gt;</source>
        <translation>&lt;b&gt;실제 ↓&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;predicted →&lt;/b&gt;</source>
        <translation>&lt;b&gt;예측 →&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Review mistakes…</source>
        <translation>오답 검토…</translation>
    </message>
    <message>
        <source>The validation images the model got wrong, most confident first, to move, remove or keep</source>
        <translation>모델이 틀린 검증 이미지를 신뢰도가 높은 순서로 보여 주며, 이동, 제거 또는 유지할 수 있습니다</translation>
    </message>
    <message>
        <source>Confusion matrix (validation images): rows are the true class ↓, columns the predicted class →. Click a cell to see its images.</source>
        <translation>혼동 행렬 (검증 이미지): 행은 실제 클래스 ↓, 열은 예측한 클래스 →입니다. 칸을 클릭하면 해당 이미지를 봅니다.</translation>
    </message>
    <message>
        <source>Confusion matrix (training images): rows are the true class ↓, columns the predicted class →. Click a cell to see its images.</source>
        <translation>혼동 행렬 (학습 이미지): 행은 실제 클래스 ↓, 열은 예측한 클래스 →입니다. 칸을 클릭하면 해당 이미지를 봅니다.</translation>
    </message>
    <message numerus="yes">
        <source>true {true}, predicted {predicted}: %n image(s)</source>
        <translation>
            <numerusform>실제 {true}, 예측 {predicted}: 이미지 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True {true}, predicted {predicted}: %n image(s), most confident first</source>
        <translation>
            <numerusform>실제 {true}, 예측 {predicted}: 이미지 %n개, 신뢰도가 높은 순</numerusform>
        </translation>
    </message>
    <message>
        <source>Confident mistakes of the fine-tuned model</source>
        <translation>미세 조정한 모델의 확신한 오답</translation>
    </message>
    <message>
        <source>Installed as {name}; the Classify tab now uses it.</source>
        <translation>{name}(으)로 설치했습니다. 이제 분류 탭에서 이 모델을 사용합니다.</translation>
    </message>
    <message>
        <source>validation {accuracy}</source>
        <translation>검증 {accuracy}</translation>
    </message>
    <message>
        <source>training {accuracy} (no validation images)</source>
        <translation>학습 {accuracy} (검증 이미지 없음)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cancelled&lt;/b&gt; at epoch {epoch}; the best model so far is kept</source>
        <translation>에포크 {epoch}에서 &lt;b&gt;취소됨&lt;/b&gt;. 지금까지 가장 좋은 모델을 보관합니다</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stopped early&lt;/b&gt; at epoch {epoch} (validation no longer improved)</source>
        <translation>에포크 {epoch}에서 &lt;b&gt;조기 종료&lt;/b&gt; (검증 결과가 더 나아지지 않음)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Done&lt;/b&gt;: %n epoch(s)</source>
        <translation>
            <numerusform>&lt;b&gt;완료&lt;/b&gt;: 에포크 %n회</numerusform>
        </translation>
    </message>
    <message>
        <source>{head}; best epoch {best}, {quality}.</source>
        <translation>{head}. 최고 에포크 {best}, {quality}.</translation>
    </message>
    <message>
        <source>{head}; {quality}.</source>
        <translation>{head}. {quality}.</translation>
    </message>
    <message>
        <source>Training accuracy {accuracy}.</source>
        <translation>학습 정확도 {accuracy}.</translation>
    </message>
    <message>
        <source>Ran in {precision} on {device}, {rate} images/s.</source>
        <translation>{device}에서 {precision}(으)로 실행, 초당 이미지 {rate}개.</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>저장 위치: {path}.</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <source>out of memory; use smaller batches or images, or close other programs</source>
        <translation>메모리가 부족합니다. 더 작은 배치나 이미지를 쓰거나 다른 프로그램을 닫으세요</translation>
    </message>
    <message>
        <source>Internal error (please report it): {kind}: {detail}; the full report is in {log}</source>
        <translation>내부 오류 (보고해 주세요): {kind}: {detail}. 전체 보고서는 {log}에 있습니다</translation>
    </message>
    <message>
        <source>File ▸ Make an int8 version…</source>
        <translation>파일 ▸ int8 버전 만들기…</translation>
    </message>
    <message>
        <source>Settings ▸ Serve port…</source>
        <translation>설정 ▸ 서빙 포트…</translation>
    </message>
    <message>
        <source>download them (File ▸ Manage networks)</source>
        <translation>가중치를 다운로드하세요(파일 ▸ 네트워크 관리)</translation>
    </message>
    <message>
        <source>File ▸ Import model…</source>
        <translation>파일 ▸ 모델 가져오기…</translation>
    </message>
    <message>
        <source>choose Use untrained</source>
        <translation>&apos;학습되지 않은 가중치 사용&apos;을 선택하세요</translation>
    </message>
    <message>
        <source>or choose Use untrained</source>
        <translation>또는 &apos;학습되지 않은 가중치 사용&apos;을 선택하세요</translation>
    </message>
    <message>
        <source>Precision {value}</source>
        <translation>정밀도 {value}</translation>
    </message>
    <message>
        <source>Backend {value}</source>
        <translation>백엔드 {value}</translation>
    </message>
    <message>
        <source>Device {value}</source>
        <translation>장치 {value}</translation>
    </message>
    <message>
        <source>another port ({where})</source>
        <translation>다른 포트({where})</translation>
    </message>
    <message>
        <source>the port ({where})</source>
        <translation>포트({where})</translation>
    </message>
    <message>
        <source>the folder </source>
        <translation>폴더 </translation>
    </message>
    <message>
        <source>untrained weights</source>
        <translation>학습되지 않은 가중치</translation>
    </message>
    <message>
        <source>weights {name}</source>
        <translation>가중치 {name}</translation>
    </message>
    <message>
        <source>No int8 version of {network} ({weights}) yet: make one from a folder of your photos ({make_int8}), or choose Precision Auto or fp32</source>
        <translation>{network}({weights})의 int8 버전이 아직 없습니다. 사진 폴더로 하나 만들거나({make_int8}) 정밀도를 자동 또는 fp32로 선택하세요</translation>
    </message>
    <message>
        <source>Precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX), and emulated bf16 is slower than fp32: choose Precision fp32, or int8 after {make_int8}</source>
        <translation>정밀도 bf16: 이 CPU에는 네이티브 bf16(AVX512-BF16 또는 AMX)이 없고, 에뮬레이션된 bf16은 fp32보다 느립니다. 정밀도 fp32를 선택하거나, {make_int8} 후 int8을 선택하세요</translation>
    </message>
    <message>
        <source>Cannot serve on port {port}: another program uses it. Choose another port ({where}), or stop that program</source>
        <translation>포트 {port}에서 서빙할 수 없습니다. 다른 프로그램이 사용 중입니다. 다른 포트를 선택하거나({where}) 그 프로그램을 중지하세요</translation>
    </message>
    <message>
        <source>{block} {index} of {count}</source>
        <translation>{block} {index}/{count}</translation>
    </message>
    <message>
        <source>Stem</source>
        <translation>스템</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>최종</translation>
    </message>
    <message>
        <source>conv</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <source>padded</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>double</source>
        <translation>이중</translation>
    </message>
    <message>
        <source>max</source>
        <translation>최대</translation>
    </message>
    <message>
        <source>pool</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>proj</source>
        <translation>투영</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first}, {last}</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s}초</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m}분 {s}초</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h}시간 {m}분</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>Open and save</source>
        <translation>열기와 저장</translation>
    </message>
    <message>
        <source>Browse and switch tabs</source>
        <translation>탐색과 탭 전환</translation>
    </message>
    <message>
        <source>Results and maps</source>
        <translation>결과와 맵</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>특징 맵</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>도움말</translation>
    </message>
    <message>
        <source>Left / Right</source>
        <translation>왼쪽 / 오른쪽</translation>
    </message>
    <message>
        <source>Previous / next image (Classify tab)</source>
        <translation>이전 / 다음 이미지 (분류 탭)</translation>
    </message>
    <message>
        <source>Click a label, or Tab to it and Space</source>
        <translation>레이블 클릭, 또는 Tab으로 이동 후 Space</translation>
    </message>
    <message>
        <source>Show or hide where in the image that label was found (its map)</source>
        <translation>그 레이블이 이미지의 어디에서 발견되었는지(맵) 보이기 또는 숨기기</translation>
    </message>
    <message>
        <source>Click a channel, or arrow keys</source>
        <translation>채널 클릭, 또는 화살표 키</translation>
    </message>
    <message>
        <source>Step through the channels of a block</source>
        <translation>블록의 채널을 하나씩 이동</translation>
    </message>
    <message>
        <source>Up / Down in the block list</source>
        <translation>블록 목록에서 위 / 아래</translation>
    </message>
    <message>
        <source>The previous / next block</source>
        <translation>이전 / 다음 블록</translation>
    </message>
    <message>
        <source>Drag and drop</source>
        <translation>끌어다 놓기</translation>
    </message>
    <message>
        <source>Files, several at once, or folders onto the window</source>
        <translation>파일(여러 개 동시에) 또는 폴더를 창에 놓기</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Does</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Inception Desktop — user&apos;s guide</source>
        <translation>Inception Desktop — 사용자 가이드</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 뒤로</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>목차</translation>
    </message>
    <message>
        <source>The user&apos;s guide (docs/guide) is not part of this build.</source>
        <translation>이 빌드에는 사용자 가이드(docs/guide)가 포함되어 있지 않습니다.</translation>
    </message>
</context>
<context>
    <name>import_dialog</name>
    <message>
        <source>Models and weights</source>
        <translation>모델과 가중치</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>x / 127.5 - 1 (Keras&apos; Inception preprocess_input)</source>
        <translation>x / 127.5 - 1 (Keras의 Inception preprocess_input)</translation>
    </message>
    <message>
        <source>ImageNet mean / std</source>
        <translation>ImageNet 평균 / 표준편차</translation>
    </message>
    <message>
        <source>whole image resized to the input (Keras)</source>
        <translation>이미지 전체를 입력 크기로 조정 (Keras)</translation>
    </message>
    <message>
        <source>resize and centre crop (torchvision)</source>
        <translation>크기 조정 후 가운데 자르기 (torchvision)</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <source>The file does not say how it scales pixels:</source>
        <translation>파일에 픽셀 스케일링 방법이 없습니다:</translation>
    </message>
    <message>
        <source>nor how it resizes images:</source>
        <translation>이미지 크기 조정 방법도 없습니다:</translation>
    </message>
    <message>
        <source>Class names file…</source>
        <translation>클래스 이름 파일…</translation>
    </message>
    <message>
        <source>The file does not name its classes:</source>
        <translation>파일에 클래스 이름이 없습니다:</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>설치</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>클래스 이름</translation>
    </message>
</context>
<context>
    <name>int8_dialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;{percent}&lt;/b&gt; of %n held-out photo(s) keep their top label in int8 (top-5 overlap {overlap}, largest probability difference {difference}).</source>
        <translation>
            <numerusform>따로 떼어 둔 사진 %n장 중 &lt;b&gt;{percent}&lt;/b&gt;가 int8에서도 같은 최상위 레이블을 유지합니다 (top-5 겹침 {overlap}, 최대 확률 차이 {difference}).</numerusform>
        </translation>
    </message>
    <message>
        <source>{fp32_ms} ms → {int8_ms} ms per image ({speedup}× faster); {fp32_mb} MB → {int8_mb} MB.</source>
        <translation>이미지당 {fp32_ms} ms → {int8_ms} ms ({speedup}배 빠름); {fp32_mb} MB → {int8_mb} MB.</translation>
    </message>
    <message>
        <source>Only {percent} keep their top label: calibrate on more (and more typical) photos, or stay with fp32.</source>
        <translation>{percent}만 최상위 레이블을 유지합니다: 더 많은 (더 전형적인) 사진으로 보정하거나 fp32를 계속 사용하세요.</translation>
    </message>
    <message>
        <source>Make an int8 version</source>
        <translation>int8 버전 만들기</translation>
    </message>
    <message>
        <source>An int8 version of a model runs about twice as fast on a CPU. It is calibrated on a folder of your own photos (typical of what you classify; at least {count}), and a quarter of them are held out to check that it answers as the full-precision model does.</source>
        <translation>모델의 int8 버전은 CPU에서 약 두 배 빠르게 실행됩니다. 직접 고른 사진 폴더(평소 분류하는 것과 비슷한 사진, {count}장 이상)로 보정하며, 그중 4분의 1은 따로 떼어 두고 전체 정밀도 모델과 같은 답을 내는지 확인하는 데 씁니다.</translation>
    </message>
    <message>
        <source>No folder chosen</source>
        <translation>선택한 폴더 없음</translation>
    </message>
    <message>
        <source>Choose folder of photos…</source>
        <translation>사진 폴더 선택…</translation>
    </message>
    <message>
        <source> photos</source>
        <translation>장</translation>
    </message>
    <message>
        <source>How many photos of the folder to use (at most)</source>
        <translation>폴더에서 사용할 사진 수 (최대)</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>사진:</translation>
    </message>
    <message>
        <source>Use up to:</source>
        <translation>최대 사용:</translation>
    </message>
    <message>
        <source>Make it</source>
        <translation>만들기</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Use it</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Classify with the int8 version (Precision int8)</source>
        <translation>int8 버전으로 분류합니다 (정밀도 int8)</translation>
    </message>
    <message>
        <source>none loaded yet: open an image first</source>
        <translation>아직 불러온 모델이 없습니다: 먼저 이미지를 여세요</translation>
    </message>
    <message>
        <source>{model} on {network} (the {network} under it is made int8; {model}&apos;s own layer stays full precision)</source>
        <translation>{network} 기반의 {model} (아래의 {network}는 int8로 만들고, {model} 자체의 레이어는 전체 정밀도를 유지합니다)</translation>
    </message>
    <message>
        <source>Folder of photos</source>
        <translation>사진 폴더</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>중지하는 중…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>작업 중…</translation>
    </message>
    <message>
        <source>Stopped; nothing was kept.</source>
        <translation>중지했습니다. 아무것도 남기지 않았습니다.</translation>
    </message>
    <message>
        <source>Serve port</source>
        <translation>서빙 포트</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>Serve on localhost listens on this port of this computer (1024 to 65535). Choose another when a program already uses it.</source>
        <translation>localhost에서 서빙은 이 컴퓨터의 이 포트(1024~65535)에서 요청을 받습니다. 다른 프로그램이 이미 쓰고 있다면 다른 포트를 고르세요.</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>포트:</translation>
    </message>
</context>
<context>
    <name>language</name>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>시스템 설정 ({language})</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The window will be in {language} the next time it opens.</source>
        <translation>다음에 창을 열 때부터 {language}(으)로 표시됩니다.</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>지금 다시 시작</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Manage networks…</source>
        <translation>네트워크 관리(&amp;M)…</translation>
    </message>
    <message>
        <source>Import &amp;model…</source>
        <translation>모델 가져오기(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>특징 맵</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>미세 조정</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>&amp;Open files…</source>
        <translation>파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>폴더 열기(&amp;F)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 항목 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>이미지 붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Export batch as CSV…</source>
        <translation>배치를 CSV로 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Make an &amp;int8 version…</source>
        <translation>int8 버전 만들기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Copy results</source>
        <translation>결과 복사(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Next image</source>
        <translation>다음 이미지(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous image</source>
        <translation>이전 이미지(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Classify</source>
        <translation>분류(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Feature maps</source>
        <translation>특징 맵(&amp;F)</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>비교(&amp;M)</translation>
    </message>
    <message>
        <source>Fine-&amp;tune</source>
        <translation>미세 조정(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>평가(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Data folder and caches…</source>
        <translation>데이터 폴더와 캐시(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Serve on localhost:{port}</source>
        <translation>localhost:{port}에서 서빙(&amp;S)</translation>
    </message>
    <message>
        <source>Serve &amp;port…</source>
        <translation>서빙 포트(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>키보드 단축키(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User&apos;s guide</source>
        <translation>사용자 가이드(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;About Inception Desktop</source>
        <translation>Inception Desktop 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Open images</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>이미지 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
    <message>
        <source>The clipboard holds no image or file path</source>
        <translation>클립보드에 이미지나 파일 경로가 없습니다</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>모델 가져오기</translation>
    </message>
    <message>
        <source>Imported {name}</source>
        <translation>{name}을(를) 가져왔습니다</translation>
    </message>
    <message>
        <source>Results copied</source>
        <translation>결과를 복사했습니다</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>결과 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>inference {ms} ms</source>
        <translation>추론 {ms} ms</translation>
    </message>
    <message>
        <source>{name} (auto)</source>
        <translation>{name} (자동)</translation>
    </message>
    <message>
        <source>{model} on {network}</source>
        <translation>{model} ({network} 기반)</translation>
    </message>
    <message>
        <source>loaded in {seconds} s</source>
        <translation>{seconds}초 만에 로드됨</translation>
    </message>
    <message>
        <source>{model} was trained on an untrained (random) {network}: its {classes} classes were learnt on random features, so expect weak answers. Get the published weights (File ▸ Manage networks) and train again.</source>
        <translation>{model}은(는) 학습되지 않은 (무작위 가중치) {network} 위에서 학습되었습니다. {classes}개 클래스를 무작위 특징으로 배웠으므로 답이 약할 수 있습니다. 공개된 가중치를 받은 뒤(파일 ▸ 네트워크 관리) 다시 학습하세요.</translation>
    </message>
    <message>
        <source>Untrained weights: this network has random weights, so its predictions are meaningless. Download or import the published weights (File ▸ Manage networks) for real answers.</source>
        <translation>학습되지 않은 가중치: 이 네트워크는 무작위 가중치를 쓰므로 예측에 의미가 없습니다. 제대로 된 답을 얻으려면 공개된 가중치를 다운로드하거나 가져오세요(파일 ▸ 네트워크 관리).</translation>
    </message>
    <message>
        <source>Make an int8 version…</source>
        <translation>int8 버전 만들기…</translation>
    </message>
    <message>
        <source>Choose another port…</source>
        <translation>다른 포트 선택…</translation>
    </message>
    <message>
        <source>Stop training?</source>
        <translation>학습을 중지할까요?</translation>
    </message>
    <message>
        <source>A fine-tuning run is still training. Closing stops it; the best model so far is kept and stays in File ▸ Manage networks ▸ Fine-tuning runs, with Use this model.

Stop training and close?</source>
        <translation>미세 조정 실행이 아직 학습 중입니다. 창을 닫으면 학습이 중지됩니다. 지금까지 가장 좋은 모델은 보관되며 파일 ▸ 네트워크 관리 ▸ 미세 조정 실행에서 &apos;이 모델 사용&apos;으로 쓸 수 있습니다.

학습을 중지하고 닫을까요?</translation>
    </message>
</context>
<context>
    <name>manager_dialog</name>
    <message>
        <source>corrupt</source>
        <translation>손상됨</translation>
    </message>
    <message>
        <source>untrained (your choice)</source>
        <translation>학습되지 않음 (직접 선택)</translation>
    </message>
    <message>
        <source>not downloaded</source>
        <translation>다운로드 안 됨</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>내장</translation>
    </message>
    <message>
        <source>imported (Keras)</source>
        <translation>가져옴 (Keras)</translation>
    </message>
    <message>
        <source>published</source>
        <translation>공개 가중치</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>fine-tuned</source>
        <translation>미세 조정됨</translation>
    </message>
    <message>
        <source>downloaded from {source} on {date}</source>
        <translation>{date}에 {source}에서 다운로드함</translation>
    </message>
    <message>
        <source>downloaded from {source}</source>
        <translation>{source}에서 다운로드함</translation>
    </message>
    <message>
        <source>imported from {source} on {date}</source>
        <translation>{date}에 {source}에서 가져옴</translation>
    </message>
    <message>
        <source>imported from {source}</source>
        <translation>{source}에서 가져옴</translation>
    </message>
    <message>
        <source>from {source} on {date}</source>
        <translation>{date}, {source}에서</translation>
    </message>
    <message>
        <source>from {source}</source>
        <translation>{source}에서</translation>
    </message>
    <message>
        <source>fine-tuned on {network}</source>
        <translation>{network} 기반 미세 조정</translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>클래스 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>published at {address}</source>
        <translation>{address}에 공개됨</translation>
    </message>
    <message>
        <source>file</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>다운로드…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>파일 가져오기…</translation>
    </message>
    <message>
        <source>Verify all</source>
        <translation>모두 검증</translation>
    </message>
    <message>
        <source>Hash every installed file again and compare</source>
        <translation>설치된 모든 파일의 해시를 다시 계산해 비교합니다</translation>
    </message>
    <message>
        <source>Use untrained</source>
        <translation>학습되지 않은 가중치 사용</translation>
    </message>
    <message>
        <source>Run this network with random weights (remembered); again to ask next time</source>
        <translation>이 네트워크를 무작위 가중치로 실행합니다 (기억됨). 한 번 더 누르면 다음에 다시 묻습니다</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>제거…</translation>
    </message>
    <message>
        <source>Use these weights</source>
        <translation>이 가중치 사용</translation>
    </message>
    <message>
        <source>The toolbar&apos;s network runs with the selected set of weights (a network with two sets: choose here)</source>
        <translation>도구 모음의 네트워크가 선택한 가중치로 실행됩니다 (가중치가 두 벌인 네트워크는 여기서 고르세요)</translation>
    </message>
    <message>
        <source>Checking every file (hashing)…</source>
        <translation>모든 파일을 확인하는 중 (해시 계산)…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>읽는 중…</translation>
    </message>
    <message>
        <source> · in use</source>
        <translation> · 사용 중</translation>
    </message>
    <message numerus="yes">
        <source>Verified: %n corrupt file(s); remove them and download or import them again.</source>
        <translation>
            <numerusform>검증 완료: 손상된 파일 %n개. 제거한 뒤 다시 다운로드하거나 가져오세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verified: every installed file is intact.</source>
        <translation>검증 완료: 설치된 모든 파일이 온전합니다.</translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation>다시 묻기</translation>
    </message>
    <message>
        <source>The toolbar now uses {name} ({network}).</source>
        <translation>이제 도구 모음이 {name}({network})을(를) 사용합니다.</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>가중치 가져오기</translation>
    </message>
    <message>
        <source>Weight files</source>
        <translation>가중치 파일</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>{file} 확인 중…</translation>
    </message>
    <message>
        <source>Imported {name}.</source>
        <translation>{name}을(를) 가져왔습니다.</translation>
    </message>
    <message>
        <source>Remove weights</source>
        <translation>가중치 제거</translation>
    </message>
    <message>
        <source>The file {file} (in {folder}) is deleted from this computer.</source>
        <translation>{file} 파일({folder} 안)이 이 컴퓨터에서 삭제됩니다.</translation>
    </message>
    <message>
        <source>Download it again from the Networks tab to use it again.</source>
        <translation>다시 사용하려면 네트워크 탭에서 다시 다운로드하세요.</translation>
    </message>
    <message>
        <source>Only a copy of the file can bring it back.</source>
        <translation>파일 사본이 있어야만 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Removed {name}, {size} freed.</source>
        <translation>{name}을(를) 제거했습니다. {size}를 확보했습니다.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>이 모델 사용</translation>
    </message>
    <message>
        <source>Install the run&apos;s model (listed by its name) and classify with it</source>
        <translation>실행의 모델을 설치하고(이름으로 표시됨) 그 모델로 분류합니다</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Each run keeps its model, its report and a resume file. A model you chose to use is installed apart: removing its run does not remove it.</source>
        <translation>각 실행에는 모델, 보고서, 이어서 학습하기 위한 파일이 보관됩니다. 사용하기로 한 모델은 따로 설치되므로 실행을 제거해도 모델은 남습니다.</translation>
    </message>
    <message>
        <source>No validation images: the accuracy on the training images</source>
        <translation>검증 이미지가 없습니다: 학습 이미지에서의 정확도입니다</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), {size} in all</source>
        <translation>
            <numerusform>실행 %n개, 전체 {size}</numerusform>
        </translation>
    </message>
    <message>
        <source>Installed as &apos;{name}&apos;; the window now classifies with it.</source>
        <translation>&apos;{name}&apos;(으)로 설치했습니다. 이제 창이 이 모델로 분류합니다.</translation>
    </message>
    <message>
        <source>Installing {name}…</source>
        <translation>{name} 설치 중…</translation>
    </message>
    <message>
        <source>Remove run</source>
        <translation>실행 제거</translation>
    </message>
    <message>
        <source>the run {name}</source>
        <translation>실행 {name}</translation>
    </message>
    <message>
        <source>Its model, report and resume file are deleted. A model you chose to use is installed apart and stays.</source>
        <translation>모델, 보고서, 이어서 학습하기 위한 파일이 삭제됩니다. 사용하기로 한 모델은 따로 설치되어 있으므로 남습니다.</translation>
    </message>
    <message>
        <source>running or interrupted</source>
        <translation>실행 중이거나 중단됨</translation>
    </message>
    <message>
        <source>interrupted (model kept)</source>
        <translation>중단됨 (모델 보관)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>조기 종료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>{accuracy} validation</source>
        <translation>검증 {accuracy}</translation>
    </message>
    <message>
        <source>{accuracy} training</source>
        <translation>학습 {accuracy}</translation>
    </message>
    <message>
        <source>Networks, weights and the data folder</source>
        <translation>네트워크, 가중치, 데이터 폴더</translation>
    </message>
    <message>
        <source>Networks and models</source>
        <translation>네트워크와 모델</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>데이터 폴더</translation>
    </message>
    <message>
        <source>Fine-tuning runs</source>
        <translation>미세 조정 실행</translation>
    </message>
</context>
<context>
    <name>model_bar</name>
    <message>
        <source>The fastest of fp32, bf16 and int8 measured on this CPU (once)</source>
        <translation>이 CPU에서 (한 번) 측정한 fp32, bf16, int8 중 가장 빠른 것</translation>
    </message>
    <message>
        <source>Full precision: the reference results</source>
        <translation>전체 정밀도: 기준이 되는 결과</translation>
    </message>
    <message>
        <source>bf16 on OpenVINO: faster on CPUs with native bf16 (AVX512-BF16, AMX)</source>
        <translation>OpenVINO의 bf16: 네이티브 bf16(AVX512-BF16, AMX)이 있는 CPU에서 더 빠릅니다</translation>
    </message>
    <message>
        <source>int8: 2-2.6x faster on a CPU; needs an int8 version of the model (File ▸ Make an int8 version…)</source>
        <translation>int8: CPU에서 2~2.6배 빠릅니다. 모델의 int8 버전이 필요합니다(파일 ▸ int8 버전 만들기…)</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Auto ({picked})</source>
        <translation>자동 ({picked})</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>The network (or your fine-tuned model) that classifies</source>
        <translation>분류에 쓸 네트워크(또는 미세 조정한 모델)</translation>
    </message>
    <message>
        <source>Auto: the fastest runtime measured on this CPU, torch with a GPU</source>
        <translation>자동: 이 CPU에서 측정한 가장 빠른 런타임, GPU가 있으면 torch</translation>
    </message>
    <message>
        <source>Numeric precision of inference (the status bar says what runs)</source>
        <translation>추론의 수치 정밀도 (실제로 실행되는 것은 상태 표시줄에 나옵니다)</translation>
    </message>
    <message>
        <source>Only the devices this computer has are listed</source>
        <translation>이 컴퓨터에 있는 장치만 표시됩니다</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>백엔드</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message numerus="yes">
        <source>{name} ({network}, %n class(es))</source>
        <translation>
            <numerusform>{name} ({network}, 클래스 %n개)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>model_choice</name>
    <message>
        <source>Loading {network}…</source>
        <translation>{network} 로드 중…</translation>
    </message>
    <message>
        <source>No weights for {network}; choose another network or import weights</source>
        <translation>{network}의 가중치가 없습니다. 다른 네트워크를 선택하거나 가중치를 가져오세요</translation>
    </message>
    <message>
        <source>No weights for {network}: nothing was classified. Choose another network, or get its weights in File ▸ Manage networks.</source>
        <translation>{network}의 가중치가 없어 아무것도 분류하지 않았습니다. 다른 네트워크를 선택하거나 파일 ▸ 네트워크 관리에서 가중치를 받으세요.</translation>
    </message>
</context>
<context>
    <name>review_actions</name>
    <message>
        <source>Suspected label errors</source>
        <translation>잘못된 레이블 의심</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>중복</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>이상치</translation>
    </message>
    <message>
        <source>Done: {action}. Undo takes it back.</source>
        <translation>완료: {action}. 실행 취소로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Undone: {action} (done before this check: check again to see it in the lists).</source>
        <translation>되돌림: {action} (이번 검사 전에 한 작업입니다. 목록에서 보려면 다시 검사하세요).</translation>
    </message>
    <message>
        <source>Undone: {action}.</source>
        <translation>되돌림: {action}.</translation>
    </message>
    <message>
        <source>Undo: {action}</source>
        <translation>실행 취소: {action}</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>되돌릴 작업이 없습니다</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n file(s) changed on disk since the check (renamed, edited or deleted elsewhere): nothing is done to them; Check again to see the folder as it is.</source>
        <translation>
            <numerusform>⚠ 검사 후 디스크에서 파일 %n개가 바뀌었습니다(다른 곳에서 이름 변경, 편집 또는 삭제됨). 이 파일에는 아무 작업도 하지 않습니다. 폴더의 현재 상태를 보려면 다시 검사를 누르세요.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>review_dialog</name>
    <message>
        <source>Check {folder}</source>
        <translation>{folder} 검사</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>다시 검사</translation>
    </message>
    <message>
        <source>Look for label errors, duplicates and outliers again (features computed before are reused)</source>
        <translation>잘못된 레이블, 중복, 이상치를 다시 찾습니다 (이전에 계산한 특징을 다시 씁니다)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Select an image.</source>
        <translation>이미지를 선택하세요.</translation>
    </message>
    <message>
        <source>Move to class</source>
        <translation>클래스로 이동</translation>
    </message>
    <message>
        <source>Move the image into the chosen class&apos;s folder</source>
        <translation>이미지를 선택한 클래스의 폴더로 옮깁니다</translation>
    </message>
    <message>
        <source>Remove from training</source>
        <translation>학습에서 제외</translation>
    </message>
    <message>
        <source>Move the image into an _excluded folder beside it: training leaves it out; nothing is deleted</source>
        <translation>이미지를 옆에 있는 _excluded 폴더로 옮깁니다. 학습에서는 빠지며, 아무것도 삭제하지 않습니다</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>유지</translation>
    </message>
    <message>
        <source>It is right as it is: do not flag it again</source>
        <translation>지금 그대로 맞습니다. 다시 표시하지 않습니다</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Check this folder</source>
        <translation>이 폴더 검사</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>검사하는 중…</translation>
    </message>
    <message>
        <source>Cancelling… (the features computed so far are kept)</source>
        <translation>취소하는 중… (지금까지 계산한 특징은 보관합니다)</translation>
    </message>
    <message numerus="yes">
        <source>Checked in {seconds} s; features: {computed} computed, {cached} cached (%n item(s) you kept are not shown).</source>
        <translation>
            <numerusform>{seconds}초 만에 검사했습니다. 특징: 계산 {computed}개, 캐시 {cached}개 (유지하기로 한 항목 %n개는 표시하지 않음).</numerusform>
        </translation>
    </message>
    <message>
        <source>Checked in {seconds} s; features: {computed} computed, {cached} cached.</source>
        <translation>{seconds}초 만에 검사했습니다. 특징: 계산 {computed}개, 캐시 {cached}개.</translation>
    </message>
    <message>
        <source>Cancelled; the features computed so far are kept for the next check.</source>
        <translation>취소되었습니다. 지금까지 계산한 특징은 다음 검사를 위해 보관합니다.</translation>
    </message>
    <message>
        <source>⚠ changed on disk</source>
        <translation>⚠ 디스크에서 바뀜</translation>
    </message>
    <message>
        <source>labelled {given}; looks like {suggested} (score {score})</source>
        <translation>레이블 {given}, {suggested}처럼 보임 (점수 {score})</translation>
    </message>
    <message>
        <source>labelled {given}; looks like another class (score {score})</source>
        <translation>레이블 {given}, 다른 클래스처럼 보임 (점수 {score})</translation>
    </message>
    <message>
        <source>across classes</source>
        <translation>클래스 간</translation>
    </message>
    <message>
        <source>train/val leak</source>
        <translation>학습/검증 누수</translation>
    </message>
    <message>
        <source>group {number}: {files} files, similarity {similarity}</source>
        <translation>그룹 {number}: 파일 {files}개, 유사도 {similarity}</translation>
    </message>
    <message>
        <source>{reason} (score {score})</source>
        <translation>{reason} (점수 {score})</translation>
    </message>
    <message numerus="yes">
        <source>{title}: %n image(s). Check this folder for duplicates and outliers too.</source>
        <translation>
            <numerusform>{title}: 이미지 %n개. 중복과 이상치도 찾으려면 이 폴더를 검사하세요.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>이미지 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n class(es)</source>
        <translation>
            <numerusform>클래스 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suspected label error(s)</source>
        <translation>
            <numerusform>잘못된 레이블 의심 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of duplicates</source>
        <translation>
            <numerusform>중복 그룹 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outlier(s)</source>
        <translation>
            <numerusform>이상치 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>{images} of {classes}: {label_errors}, {duplicates} ({leaks} across train/val), {outliers}.</source>
        <translation>{classes}, {images}: {label_errors}, {duplicates} (학습/검증 누수 {leaks}개), {outliers}.</translation>
    </message>
    <message>
        <source>{images} of {classes}: {label_errors}, {duplicates}, {outliers}.</source>
        <translation>{classes}, {images}: {label_errors}, {duplicates}, {outliers}.</translation>
    </message>
    <message>
        <source>{name} (suggested)</source>
        <translation>{name} (제안)</translation>
    </message>
    <message>
        <source>Keep the group</source>
        <translation>그룹 유지</translation>
    </message>
</context>
<context>
    <name>savefile</name>
    <message>
        <source>Saved {name} in {folder}</source>
        <translation>{name}을(를) {folder}에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>serve_menu</name>
    <message>
        <source>{url}/v1/classify and the Open Inference Protocol under /v2; Settings ▸ Serve to stop</source>
        <translation>{url}/v1/classify 및 /v2 아래의 Open Inference Protocol. 중지하려면 설정 ▸ 서빙</translation>
    </message>
    <message>
        <source>Serving: switching to the current model…</source>
        <translation>서빙: 현재 모델로 전환 중…</translation>
    </message>
    <message numerus="yes">
        <source>Serving {name} · localhost:{port} · %n request(s)</source>
        <translation>
            <numerusform>{name} 서빙 중 · localhost:{port} · 요청 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Serve on localhost:{port}</source>
        <translation>localhost:{port}에서 서빙(&amp;S)</translation>
    </message>
</context>
<context>
    <name>training_curves</name>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>정확도 (%)</translation>
    </message>
    <message>
        <source>Images/s (full mode)</source>
        <translation>초당 이미지 수 (전체 모드)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>best</source>
        <translation>최고</translation>
    </message>
</context>
<context>
    <name>weights_dialog</name>
    <message>
        <source>Download again (it resumes where it stopped), Import file… if you have the file from elsewhere, or Set mirror… to download from another server.</source>
        <translation>다시 다운로드(멈춘 곳부터 이어서 받습니다)하거나, 다른 곳에서 받은 파일이 있으면 파일 가져오기…, 다른 서버에서 받으려면 미러 설정…을 누르세요.</translation>
    </message>
    <message>
        <source>Download again, Import file… if you have the file from elsewhere, or Set mirror… to download from another server.</source>
        <translation>다시 다운로드하거나, 다른 곳에서 받은 파일이 있으면 파일 가져오기…, 다른 서버에서 받으려면 미러 설정…을 누르세요.</translation>
    </message>
    <message>
        <source>Import file… to choose another file, or Download to get the published weights.</source>
        <translation>다른 파일을 고르려면 파일 가져오기…, 공개된 가중치를 받으려면 다운로드를 누르세요.</translation>
    </message>
    <message>
        <source>{address} is not an http:// or https:// address</source>
        <translation>{address}은(는) http:// 또는 https:// 주소가 아닙니다</translation>
    </message>
    <message>
        <source>Weights for {network}</source>
        <translation>{network}의 가중치</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>다운로드</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>파일 가져오기…</translation>
    </message>
    <message>
        <source>Set mirror…</source>
        <translation>미러 설정…</translation>
    </message>
    <message>
        <source>Download from another server that has the same files (&lt;mirror&gt;/&lt;network&gt;/&lt;file name&gt;)</source>
        <translation>같은 파일이 있는 다른 서버에서 다운로드합니다 (&lt;mirror&gt;/&lt;network&gt;/&lt;file name&gt;)</translation>
    </message>
    <message>
        <source>Use untrained weights</source>
        <translation>학습되지 않은 가중치 사용</translation>
    </message>
    <message>
        <source>Random weights: the network runs, but its predictions are meaningless (remembered for this network)</source>
        <translation>무작위 가중치: 네트워크는 실행되지만 예측은 의미가 없습니다 (이 네트워크에 대해 기억됨)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>&lt;b&gt;{network}&lt;/b&gt; has no weights on this computer yet.&lt;br&gt;&lt;br&gt;Download the published weights ({size}) from&lt;br&gt;&lt;small&gt;{address}&lt;/small&gt;&lt;br&gt;or import a file you already have.</source>
        <translation>이 컴퓨터에는 아직 &lt;b&gt;{network}&lt;/b&gt;의 가중치가 없습니다.&lt;br&gt;&lt;br&gt;공개된 가중치({size})를 다음 주소에서 다운로드하거나&lt;br&gt;&lt;small&gt;{address}&lt;/small&gt;&lt;br&gt;이미 가진 파일을 가져오세요.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결하는 중…</translation>
    </message>
    <message>
        <source>{done} of {total} at {rate}/s</source>
        <translation>{total} 중 {done}, {rate}/s</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>가중치 가져오기</translation>
    </message>
    <message>
        <source>Weight files</source>
        <translation>가중치 파일</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>모든 파일</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>파일을 확인하는 중…</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>미러</translation>
    </message>
    <message>
        <source>Address of a server with the same files (empty: the official one):</source>
        <translation>같은 파일이 있는 서버의 주소 (비우면 공식 주소):</translation>
    </message>
    <message>
        <source>{problem}; the mirror is unchanged.</source>
        <translation>{problem}. 미러는 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Downloads now come from {address}.</source>
        <translation>이제 {address}에서 다운로드합니다.</translation>
    </message>
    <message>
        <source>Downloads now come from the official address.</source>
        <translation>이제 공식 주소에서 다운로드합니다.</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>다시 다운로드</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>Click (or Space) to show where in the image this class was seen; again to hide it</source>
        <translation>클릭(또는 Space)하면 이 클래스가 이미지의 어디에서 보였는지 표시합니다. 다시 하면 숨깁니다</translation>
    </message>
    <message>
        <source>Top {n}</source>
        <translation>상위 {n}개</translation>
    </message>
    <message>
        <source>Classifying…</source>
        <translation>분류 중…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Drop images or folders here

or File ▸ Open (Ctrl+O), or paste (Ctrl+V)</source>
        <translation>이미지나 폴더를 여기에 놓으세요

또는 파일 ▸ 파일 열기 (Ctrl+O), 붙여넣기 (Ctrl+V)</translation>
    </message>
</context>
</TS>
